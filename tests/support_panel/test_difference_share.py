"""A paid booking moved to a dearer center: the captured price difference gets its own held transfer for the new
center (the center's part of the difference, not our fee's) and its own supplementary invoice, once however often
the capture is delivered; the booking's completion releases that transfer with the booking's main one."""
from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from core.actors import Actor
from core.booking import relocate, service
from core.clock import now_utc
from core.db import Base, make_engine
from core.models import Invoice, Payment, Role
from core.models.payouts import PartnerAccount, RouteStatus, Transfer, TransferStatus
from core.payments import capture, fees
from tests.factories import Factories
from tests.support_panel.conftest import CHEAP, DEAR, pay


@pytest.fixture
def moved(container) -> dict:
    """A ₹4,000 booking paid at A, moved by support to a ₹6,500 slot at B; both centers on Route."""
    with container.uow() as uow:
        f = Factories(uow.session)
        city, scan = f.city(), f.service()
        a, b = f.center(city), f.center(city)
        for center in (a, b):
            uow.session.add(PartnerAccount(center_id=center.id, provider_account_id=f"acc_df{center.id}",
                                           status=RouteStatus.ACTIVATED))
        soon = now_utc() + timedelta(days=2)
        first, dear = f.slot(a, scan, starts_at=soon, price_paise=CHEAP), f.slot(b, scan, starts_at=soon,
                                                                                  price_paise=DEAR)
        patient, agent = f.patient(), f.staff(Role.SUPPORT_AGENT)
        b_staff = f.staff(Role.PARTNER_STAFF, center=b)
        held = service.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=first.id,
                            patient=service.PatientDetails("Meera Iyer"))
        uow.commit()
        ids = {"booking": held.id, "new_center": b.id, "slot": dear.id, "agent": agent, "b_staff": b_staff,
               "starts": soon}
    pay(container, ids["booking"])
    with container.uow() as uow:
        done = relocate.reschedule(uow.session, actor=Actor.of(ids["agent"]), booking_id=ids["booking"],
                                   new_slot_id=ids["slot"], reason="center A closed",
                                   finance=container.adapters["finance"], provider=container.adapters["payments"])
        uow.commit()
        ids["difference"] = done.payment.id
    return ids


def _capture_difference(container, moved) -> str:
    with container.uow() as uow:
        payment = uow.session.get(Payment, moved["difference"])
        said = capture.captured(uow.session, payment_id=payment.id, provider_payment_id=f"pay_{payment.id}",
                                amount_paise=payment.amount_paise, finance=container.adapters["finance"],
                                now=now_utc())
        uow.commit()
        return said


def _transfers(container, moved) -> list[Transfer]:
    with container.uow() as uow:
        found = list(uow.session.scalars(select(Transfer).where(Transfer.payment.has(booking_id=moved["booking"]))
                                         .order_by(Transfer.id)))
        uow.session.expunge_all()
        return found




def test_the_captured_difference_plans_the_new_centers_part_once(container, moved):
    assert moved["difference"] not in [t.payment_id for t in _transfers(container, moved)]  # not before capture
    first = _capture_difference(container, moved)
    again = _capture_difference(container, moved)  # the webhook delivered twice
    assert "price difference" in first and "already captured" in again
    by_payment = {t.payment_id: t for t in _transfers(container, moved)}
    assert len(by_payment) == 2  # the booking's main share and the difference's
    top_up = by_payment[moved["difference"]]
    with container.uow() as uow:
        booking = uow.session.get(Payment, moved["difference"]).booking
        split = lambda price: fees.split(price, booking.center.tier, container.adapters["finance"])  # noqa: E731
        expected = split(DEAR).partner_share_paise - split(CHEAP).partner_share_paise
    assert 0 < expected < DEAR - CHEAP  # the fee grows with the price: part of the difference is ours
    assert (top_up.center_id, top_up.account_id, top_up.amount_paise, top_up.status, top_up.on_hold) == (
        moved["new_center"], f"acc_df{moved['new_center']}", expected, TransferStatus.QUEUED, True)
    container.jobs.drain()  # sent to B's account, held until the scan
    sent = {t.payment_id: t for t in _transfers(container, moved)}[moved["difference"]]
    assert (sent.status, sent.on_hold, sent.amount_paise) == (TransferStatus.PROCESSED, True, expected)


def test_completing_the_booking_releases_both_transfers(container, moved):
    _capture_difference(container, moved)
    container.jobs.drain()  # both are sent to B's account, on hold
    assert [(t.status, t.on_hold) for t in _transfers(container, moved)] == [(TransferStatus.PROCESSED, True)] * 2
    with container.uow() as uow:
        staff = Actor.of(moved["b_staff"])
        service.confirm(uow.session, actor=staff, booking_id=moved["booking"])
        service.complete(uow.session, actor=staff, booking_id=moved["booking"],
                         now=moved["starts"] + timedelta(hours=1))
        uow.commit()
    container.jobs.drain()
    released = _transfers(container, moved)
    assert [(t.on_hold, t.released_at is not None) for t in released] == [(False, True)] * 2


def test_the_difference_gets_one_supplementary_invoice_of_the_center_part_and_the_fee_rise(container, moved):
    _capture_difference(container, moved)
    _capture_difference(container, moved)  # redelivered
    container.jobs.drain()
    with container.uow() as uow:
        [own] = uow.session.scalars(select(Invoice).where(Invoice.booking_id == moved["booking"]))
        [top_up] = uow.session.scalars(select(Invoice).where(Invoice.payment_id == moved["difference"]))
        tier = uow.session.get(Payment, moved["difference"]).booking.center.tier
        new, old = (fees.split(price, tier, container.adapters["finance"]) for price in (DEAR, CHEAP))
        assert own.total_paise == CHEAP and top_up.number != own.number and top_up.booking_id is None
        assert (top_up.total_paise, top_up.paid_paise, top_up.user_id) == (DEAR - CHEAP, DEAR - CHEAP, own.user_id)
        scan, fee = top_up.lines
        assert scan.exempt and scan.total_paise == new.partner_share_paise - old.partner_share_paise
        assert not fee.exempt and fee.total_paise == new.fee_paise - old.fee_paise > 0
        assert fee.cgst_paise + fee.sgst_paise + fee.igst_paise > 0  # the fee's rise carries GST


def test_the_invoice_payment_column_matches_its_model_on_both_backends(request):
    for url in (request.getfixturevalue("pg_url"), request.getfixturevalue("sqlite_url")):
        engine = make_engine(url)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        engine.dispose()
        assert [d for d in diff if "payment_id" in str(d) or "invoices" in str(d)] == []
