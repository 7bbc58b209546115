"""Blocking a range of slots: new holds are refused, live bookings are listed and handed to support."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.actors import Actor
from core.booking import blocking, service
from core.booking.service import PatientDetails
from core.clock import now_utc
from core.errors import Forbidden, SlotUnavailable, ValidationError
from core.models import BookingStatus, Role
from core.models.tickets import Ticket


@pytest.fixture
def day(factories):
    center, scan = factories.center(), factories.service()
    start = now_utc().replace(microsecond=0) + timedelta(days=3)
    slots = [factories.slot(center, scan, starts_at=start + timedelta(hours=h)) for h in range(3)]
    return center, slots, start


def _partner(factories, center):
    return Actor.of(factories.staff(Role.PARTNER_STAFF, center=center))


def test_blocking_lists_live_bookings_and_opens_a_ticket_for_each_paid_one(session, factories, day):
    center, slots, start = day
    patient = factories.patient()
    paid = service.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slots[0].id,
                        patient=PatientDetails("Asha Rao"))
    service.mark_paid(session, booking_id=paid.id)
    result = blocking.block(session, actor=_partner(factories, center), center_id=center.id, starts_at=start,
                            ends_at=start + timedelta(hours=2), reason="MRI machine down")
    assert result.slots == 2 and [b.id for b in result.bookings] == [paid.id]
    ticket = session.get(Ticket, result.ticket_ids[0])
    assert ticket.booking_id == paid.id and ticket.escalated and "MRI machine down" in ticket.subject
    assert paid.status is BookingStatus.PENDING  # nothing cancelled silently


def test_a_blocked_slot_takes_no_new_hold_until_unblocked(session, factories, day):
    center, slots, start = day
    partner, patient = _partner(factories, center), factories.patient()
    blocking.block(session, actor=partner, center_id=center.id, starts_at=start, ends_at=start + timedelta(hours=3),
                   reason="Holi")
    with pytest.raises(SlotUnavailable):
        service.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slots[2].id,
                     patient=PatientDetails("Asha Rao"))
    assert blocking.unblock(session, actor=partner, center_id=center.id, starts_at=start,
                            ends_at=start + timedelta(hours=3), reason="open after all") == 3
    service.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slots[2].id,
                 patient=PatientDetails("Asha Rao"))


def test_another_centers_partner_cannot_block_and_a_reason_is_required(session, factories, day):
    center, _, start = day
    with pytest.raises(Forbidden):
        blocking.block(session, actor=_partner(factories, factories.center()), center_id=center.id,
                       starts_at=start, ends_at=start + timedelta(hours=1), reason="x")
    with pytest.raises(ValidationError, match="why"):
        blocking.block(session, actor=_partner(factories, center), center_id=center.id, starts_at=start,
                       ends_at=start + timedelta(hours=1), reason="  ")
    with pytest.raises(ValidationError, match="three months"):
        blocking.block(session, actor=_partner(factories, center), center_id=center.id, starts_at=start,
                       ends_at=start + timedelta(days=200), reason="renovation")
