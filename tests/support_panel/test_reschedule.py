"""Reschedule from the workspace to a slot of the same or another center: a dearer slot is charged by a new
link for the difference, a cheaper one refunds it, and a confirmed booking goes to the new center to confirm."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from core.actors import Actor
from core.booking import relocate, service
from core.clock import now_utc
from core.db import Base, make_engine
from core.models import AuditEntry, Booking, BookingStatus, Notification, Refund, Role, Slot
from core.payments import capture, checkout
from tests.factories import Factories
from tests.support_panel.conftest import CHEAP, DEAR, act, payments_of

S = BookingStatus


def _state(container, case) -> tuple:
    with container.uow() as uow:
        b = uow.session.get(Booking, case.booking_id)
        return b.status, b.center_id, b.slot_id, b.price_paise


def _claimed(container, slot_id: int) -> int:
    with container.uow() as uow:
        return uow.session.get(Slot, slot_id).claimed


def _capture(container, payment) -> str:
    with container.uow() as uow:
        said = capture.captured(uow.session, payment_id=payment.id, provider_payment_id=f"pay_{payment.id}",
                                amount_paise=payment.amount_paise, finance=container.adapters["finance"], now=now_utc())
        uow.commit()
        return said


def test_a_reschedule_needs_a_reason_and_changes_nothing_without_one(container, login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    before = _state(container, case)
    response = act(client, case, "reschedule", new_slot_id=case.slot_ids["dear"], reason="")
    assert response.status_code == 422 and "needs a reason" in response.get_data(as_text=True)
    assert _state(container, case) == before and _claimed(container, case.slot_ids["dear"]) == 0


def test_same_center_same_price_just_moves(container, login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert act(client, case, "reschedule", new_slot_id=case.slot_ids["same"], reason="patient asked").status_code == 303
    assert _state(container, case) == (S.PENDING, case.center_ids[0], case.slot_ids["same"], CHEAP)
    assert len(payments_of(container, case.booking_id)) == 1


def test_a_dearer_center_charges_the_difference_then_a_cheaper_one_refunds_it(container, login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    act(client, case, "confirm", reason="center confirmed by phone")
    moved = act(client, case, "reschedule", new_slot_id=case.slot_ids["dear"], reason="closer to home")
    assert moved.status_code == 303
    # The new center never accepted this patient: back to awaiting its confirmation, at its price.
    assert _state(container, case) == (S.PENDING, case.center_ids[1], case.slot_ids["dear"], DEAR)
    booking_payment, difference = payments_of(container, case.booking_id)
    assert (difference.purpose, difference.amount_paise, difference.status.value) == ("difference", DEAR - CHEAP, "created")
    with container.uow() as uow:  # the patient is sent the link on WhatsApp
        bodies = uow.session.scalars(select(Notification.body).where(Notification.booking_id == case.booking_id))
        assert any(difference.link_url in body for body in bodies)
    assert "captured; price difference" in _capture(container, difference)  # not a duplicate payment
    assert payments_of(container, case.booking_id)[1].flag is None
    act(client, case, "reschedule", new_slot_id=case.slot_ids["same"], reason="center B machine down")
    assert _state(container, case)[1:] == (case.center_ids[0], case.slot_ids["same"], CHEAP)
    with container.uow() as uow:
        refund = uow.session.scalar(select(Refund).where(Refund.booking_id == case.booking_id))
        assert (refund.amount_paise, refund.payment_id) == (DEAR - CHEAP, booking_payment.id)
        reasons = uow.session.scalars(select(AuditEntry.reason).where(
            AuditEntry.action == "booking.rescheduled", AuditEntry.entity_id == str(case.booking_id)))
        assert list(reasons) == ["closer to home", "center B machine down"]
    assert _claimed(container, case.slot_ids["dear"]) == 0 and _claimed(container, case.slot_ids["same"]) == 1


def test_moving_again_before_the_difference_is_paid_replaces_its_link(container, login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    act(client, case, "reschedule", new_slot_id=case.slot_ids["dear"], reason="closer to home")
    act(client, case, "reschedule", new_slot_id=case.slot_ids["same"], reason="changed her mind")
    _, difference = payments_of(container, case.booking_id)
    assert difference.status.value == "expired"  # retired: nothing more to pay, and nothing to refund
    with container.uow() as uow:
        assert uow.session.scalar(select(Refund.id).where(Refund.booking_id == case.booking_id)) is None


def test_a_taken_slot_is_a_409_and_the_booking_stays(container, login, case):
    with container.uow() as uow:
        uow.session.get(Slot, case.slot_ids["dear"]).claimed = 1
        uow.commit()
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    before = _state(container, case)
    assert act(client, case, "reschedule", new_slot_id=case.slot_ids["dear"], reason="x").status_code == 409
    assert _state(container, case) == before


def test_an_unpaid_booking_moved_to_a_dearer_center_gets_a_link_at_the_new_price(container, case):
    with container.uow() as uow:
        patient = Factories(uow.session).patient()
        held = service.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=case.slot_ids["same"],
                            patient=service.PatientDetails("Ravi Kumar"))
        first = checkout.start_checkout(uow.session, booking_id=held.id, provider=container.adapters["payments"],
                                        finance=container.adapters["finance"])
        moved = relocate.reschedule(uow.session, actor=Actor.of(case.staff[Role.SUPPORT_AGENT]), booking_id=held.id,
                                    new_slot_id=case.slot_ids["dear"], reason="patient asked",
                                    finance=container.adapters["finance"], provider=container.adapters["payments"])
        uow.commit()
        booking_id, first_id = held.id, first.id
    old, new = payments_of(container, booking_id)
    assert (old.id, old.status.value) == (first_id, "expired")
    assert (new.amount_paise, new.status.value, new.purpose) == (DEAR, "created", "booking")
    assert moved.refund is None and moved.booking.status is S.HELD


def test_the_payment_purpose_column_matches_its_model_on_both_backends(request):
    for url in (request.getfixturevalue("pg_url"), request.getfixturevalue("sqlite_url")):
        engine = make_engine(url)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        engine.dispose()
        assert [d for d in diff if "purpose" in str(d)] == []
