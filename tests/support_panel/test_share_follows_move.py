"""A paid booking moved to another center: the old center's unreleased partner share is voided and planned for
the new center in the same unit of work; only a share already released to the old center goes to finance.
The new center is alerted as for a new paid booking, and the booking counts in its badge."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.booking import relocate, schedule, service
from core.models import AuditEntry, Notification, Role, Ticket
from core.models.payouts import PartnerAccount, RouteStatus, Transfer, TransferStatus
from core.payments import refunds, transfers
from core.payments.sandbox import SandboxProvider
from tests.factories import Factories
from tests.support_panel.conftest import CHEAP, pay


class RecordingSandbox(SandboxProvider):
    """The sandbox provider, noting the reversals asked of it (the product's provider, only observed)."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.reversed: list[tuple[str, int]] = []

    def reverse_transfer(self, *, transfer_id, amount_paise, notes):
        self.reversed.append((transfer_id, amount_paise))
        return super().reverse_transfer(transfer_id=transfer_id, amount_paise=amount_paise, notes=notes)


@dataclass(frozen=True)
class Move:
    booking_id: int
    old_center: int
    new_center: int
    new_slot: int
    agent: object
    new_staff: object


@pytest.fixture
def move(container) -> Move:
    """A booking at A, paid; A and (unless a test says otherwise) B have activated Route accounts."""
    with container.uow() as uow:
        f = Factories(uow.session)
        city, scan = f.city(), f.service()
        a, b = f.center(city), f.center(city)
        for center in (a, b):
            uow.session.add(PartnerAccount(center_id=center.id, provider_account_id=f"acc_mv{center.id}",
                                           status=RouteStatus.ACTIVATED))
        first, other = f.slot(a, scan, price_paise=CHEAP), f.slot(b, scan, price_paise=CHEAP)
        patient, agent, b_staff = f.patient(), f.staff(Role.SUPPORT_AGENT), f.staff(Role.PARTNER_STAFF, center=b)
        held = service.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=first.id,
                            patient=service.PatientDetails("Meera Iyer"))
        uow.commit()
        found = Move(held.id, a.id, b.id, other.id, agent, b_staff)
    pay(container, found.booking_id)
    return found


def _reschedule(container, move: Move, provider=None) -> None:
    with container.uow() as uow:
        relocate.reschedule(uow.session, actor=Actor.of(move.agent), booking_id=move.booking_id,
                            new_slot_id=move.new_slot, reason="center A closed",
                            finance=container.adapters["finance"], provider=provider or container.adapters["payments"])
        uow.commit()


def _transfer(container, move: Move) -> Transfer:
    with container.uow() as uow:
        found = uow.session.scalar(select(Transfer).join(Transfer.payment).where(
            Transfer.payment.has(booking_id=move.booking_id)))
        uow.session.expunge_all()
        return found


def _tickets(container, move: Move) -> list[Ticket]:
    with container.uow() as uow:
        found = list(uow.session.scalars(select(Ticket).where(Ticket.booking_id == move.booking_id)))
        uow.session.expunge_all()
        return found


def test_a_share_still_queued_is_planned_for_the_new_center_instead(container, move):
    assert _transfer(container, move).status is TransferStatus.QUEUED  # captured, not yet sent
    _reschedule(container, move)
    moved = _transfer(container, move)
    assert (moved.center_id, moved.account_id, moved.status) == (move.new_center, f"acc_mv{move.new_center}",
                                                                TransferStatus.QUEUED)
    assert _tickets(container, move) == []
    with container.uow() as uow:
        entry = uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "transfer.moved",
                                                            AuditEntry.entity_id == str(moved.id)))  # others' moves too
        assert entry.before["center_id"] == move.old_center and entry.after["center_id"] == move.new_center
    container.jobs.drain()  # the queued job sends it to the new center's account, on hold
    sent = _transfer(container, move)
    assert sent.status is TransferStatus.PROCESSED and sent.on_hold and sent.center_id == move.new_center


def test_a_share_created_on_hold_is_reversed_and_sent_to_the_new_center(container, move):
    container.jobs.drain()
    old = _transfer(container, move)
    assert old.provider_transfer_id and old.on_hold and old.center_id == move.old_center
    provider = RecordingSandbox(base_url="http://sandbox.test", webhook_secret="s")
    _reschedule(container, move, provider)
    assert provider.reversed == [(old.provider_transfer_id, old.amount_paise)]
    moved = _transfer(container, move)
    assert (moved.center_id, moved.status, moved.provider_transfer_id) == (move.new_center, TransferStatus.QUEUED, None)
    container.jobs.drain()
    sent = _transfer(container, move)
    assert sent.provider_transfer_id not in (None, old.provider_transfer_id) and sent.on_hold
    assert sent.amount_paise == old.amount_paise and _tickets(container, move) == []


def test_what_a_refund_already_pulled_back_stays_off_the_new_centers_share(container, move):
    container.jobs.drain()
    with container.uow() as uow:
        payment_id = _transfer(container, move).payment_id
        refunds.request(uow.session, actor=Actor.of(move.agent), payment_id=payment_id, amount_paise=10000,
                        reason="goodwill", idempotency_key=f"goodwill-{payment_id}", finance=container.adapters["finance"])
        uow.commit()
    container.jobs.drain()  # the refund goes out and reverses ₹100 of the old center's share
    old = _transfer(container, move)
    assert old.reversed_paise == 10000
    _reschedule(container, move)
    container.jobs.drain()
    sent = _transfer(container, move)
    assert (sent.center_id, sent.amount_paise, sent.status) == (move.new_center, old.amount_paise - 10000,
                                                                TransferStatus.PROCESSED)


def test_a_new_center_without_route_voids_the_share_and_no_ticket_is_needed(container, move):
    with container.uow() as uow:
        uow.session.get(PartnerAccount, move.new_center).status = RouteStatus.SUSPENDED
        uow.commit()
    _reschedule(container, move)
    voided = _transfer(container, move)
    assert (voided.center_id, voided.status) == (move.new_center, TransferStatus.SKIPPED)
    assert _tickets(container, move) == []


def test_a_share_already_released_to_the_old_center_goes_to_finance(container, move):
    container.jobs.drain()
    with container.uow() as uow:
        transfers.release_for_booking(uow.session, booking_id=move.booking_id, provider=container.adapters["payments"])
        uow.commit()
    _reschedule(container, move)
    released = _transfer(container, move)
    assert released.center_id == move.old_center and not released.on_hold  # untouched
    [ticket] = _tickets(container, move)
    assert ticket.escalated and f"recover transfer {released.id}" in ticket.subject


def test_the_new_center_is_alerted_and_counts_the_booking_in_its_badge(container, move):
    container.jobs.drain()
    _reschedule(container, move)
    container.jobs.drain()
    with container.uow() as uow:
        alerts = uow.session.scalars(select(Notification.center_id).where(
            Notification.trigger == "center_new_booking", Notification.booking_id == move.booking_id))
        assert move.new_center in set(alerts)
        assert schedule.awaiting_confirmation(uow.session, actor=Actor.of(move.new_staff),
                                              center_id=move.new_center) == 1
