"""The confirm SLA counts the center's working minutes and escalates each overdue booking once."""
from __future__ import annotations

from datetime import datetime, time

import pytest

from core.booking.confirm_sla import ConfirmSla, escalate_overdue, overdue, working_minutes
from core.clock import IST
from core.models import Booking, BookingStatus
from core.models.tickets import Ticket

SLA = ConfirmSla(minutes=60, opens=time(8), closes=time(20))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2031, 5, day, hour, minute, tzinfo=IST)


@pytest.mark.parametrize("start, end, minutes", [
    (at(5, 10), at(5, 10, 45), 45),  # all inside opening hours
    (at(5, 19, 50), at(6, 8, 50), 60),  # 10 before closing + 50 after opening
    (at(5, 21), at(6, 7, 59), 0),  # paid and checked overnight
    (at(5, 19), at(7, 9), 60 + 12 * 60 + 60),  # spans a whole working day
])
def test_working_minutes_count_only_opening_hours(start, end, minutes):
    assert working_minutes(start, end, SLA) == minutes


@pytest.fixture
def paid_at_night(session, factories):
    slot, patient = factories.slot(), factories.patient()
    booking = Booking(reference="MZSLA0001", user_id=patient.id, slot_id=slot.id, center_id=slot.center_id,
                      service_id=slot.service_id, status=BookingStatus.PENDING, price_paise=500000,
                      patient_name=patient.name, paid_at=at(5, 19, 50))
    session.add(booking)
    session.flush()
    return booking


def test_a_booking_paid_before_closing_is_overdue_only_after_the_morning_minutes(session, paid_at_night):
    assert paid_at_night not in overdue(session, now=at(6, 8, 49), sla=SLA)
    assert paid_at_night in overdue(session, now=at(6, 8, 50), sla=SLA)


def test_an_overdue_booking_is_escalated_once_however_often_the_sweep_runs(session, paid_at_night):
    first = escalate_overdue(session, now=at(6, 9), sla=SLA)
    again = escalate_overdue(session, now=at(6, 9, 1), sla=SLA)
    tickets = session.query(Ticket).filter_by(booking_id=paid_at_night.id).all()
    # Other tests may leave paid bookings behind: look only at this one's ticket.
    assert len(tickets) == 1 and tickets[0].id in first and tickets[0].id not in again
    assert tickets[0].escalated and tickets[0].priority.value == "high"


def test_a_confirmed_booking_is_never_overdue(session, paid_at_night):
    paid_at_night.status = BookingStatus.CONFIRMED
    assert paid_at_night not in overdue(session, now=at(6, 12), sla=SLA)
