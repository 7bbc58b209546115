"""Ops overriding a booking's status on the admin booking page: reason required, audited, history kept,
only among paid statuses (never into Cancelled, which must free the slot and decide the refund)."""
from __future__ import annotations

import pytest

from core.actors import Actor
from core.booking.override import override_status
from core.errors import IllegalTransition, ValidationError
from core.models import Booking, BookingStatus, Role
from tests.admin_ops.conftest import audit_actions, post

FIELD = "override-csrf_token"


def _pages(booking_id: int) -> tuple[str, str]:
    return f"/admin/bookings/details/?id={booking_id}", f"/admin/bookings/override/?id={booking_id}"


def _booking(container, booking_id: int) -> Booking:
    with container.session_factory() as session:
        booking = session.get(Booking, booking_id)
        booking.history  # loaded before the session closes
        return booking


def test_ops_override_a_status_with_a_reason_and_it_is_audited(container, world, signed_in, paid):
    booking_id = paid(world["bookings"][0])
    ops = world["staff"][Role.OPS_MANAGER]
    details, override = _pages(booking_id)
    client = signed_in(Role.OPS_MANAGER)
    answer = post(client, details, override, {"override-status": "confirmed",
                                              "override-reason": "center confirmed by phone"}, field=FIELD,
                  follow_redirects=True)
    assert "Status overridden" in answer.get_data(as_text=True)
    booking = _booking(container, booking_id)
    assert booking.status is BookingStatus.CONFIRMED and booking.confirmed_at is not None
    assert booking.history[-1].reason == "override: center confirmed by phone"
    assert ("booking.status_overridden", ops.id) in audit_actions(container, "booking", booking_id)


@pytest.mark.parametrize("fields", [{"override-status": "confirmed", "override-reason": ""},
                                    {"override-status": "cancelled", "override-reason": "tidy up"}],
                         ids=["no reason", "into cancelled"])
def test_an_override_without_a_reason_or_into_cancelled_is_refused(container, world, signed_in, paid, fields):
    booking_id = paid(world["bookings"][0])
    details, override = _pages(booking_id)
    assert post(signed_in(Role.OPS_MANAGER), details, override, fields, field=FIELD).status_code == 400
    assert _booking(container, booking_id).status is BookingStatus.PENDING


def test_finance_sees_no_override_and_may_not_post_one(container, world, signed_in, paid):
    booking_id = paid(world["bookings"][0])
    details, override = _pages(booking_id)
    client = signed_in(Role.FINANCE)
    assert "override-form" not in client.get(details).get_data(as_text=True)
    assert client.post(override, data={"override-status": "confirmed", "override-reason": "x"}).status_code == 403


def test_core_refuses_an_unpaid_booking_and_a_missing_reason(session, factories):
    patient, ops = factories.patient(), Actor.of(factories.staff(Role.OPS_MANAGER))
    from core.booking import service
    held = service.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=factories.slot().id,
                        patient=service.PatientDetails(name="Asha"))
    with pytest.raises(IllegalTransition, match="paid booking"):
        override_status(session, actor=ops, booking_id=held.id, status="confirmed", reason="asked")
    with pytest.raises(ValidationError, match="reason"):
        override_status(session, actor=ops, booking_id=held.id, status="confirmed", reason="  ")
