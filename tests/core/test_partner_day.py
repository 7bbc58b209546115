"""The center's day (schedule, counts, badge, tokenized phones), check-in, center escalations, and the
booking finder."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core import tickets
from core.actors import Actor
from core.booking import checkin, finder, schedule
from core.clock import IST
from core.errors import Forbidden, IllegalTransition, NotFound, ValidationError
from core.models import Booking, BookingStatus as S
from core.models.users import Role
from core.support import notes

DAY = datetime(2031, 6, 10, tzinfo=IST)


@pytest.fixture
def center_day(session, factories):
    center, mri, ct = factories.center(), factories.service(name="MRI Knee"), factories.service(name="CT Head")
    asha = factories.patient(name="Asha Rao", phone="+919812340001")
    ravi = factories.patient(name="Ravi Kumar", phone="+919812340002")
    made = []
    for hour, scan, patient, status in ((11, mri, asha, S.CONFIRMED), (9, ct, ravi, S.PENDING),
                                        (10, mri, ravi, S.HELD), (12, mri, asha, S.CANCELLED)):
        slot = factories.slot(center, scan, starts_at=DAY.replace(hour=hour))
        booking = Booking(reference=f"MZD{slot.id:06d}"[:12], user_id=patient.id, slot_id=slot.id,
                          center_id=center.id, service_id=scan.id, status=status, price_paise=500000,
                          patient_name=patient.name)
        session.add(booking)
        made.append(booking)
    session.flush()
    return center, made


def _partner(factories, center):
    return Actor.of(factories.staff(Role.PARTNER_STAFF, center=center))


def test_the_day_lists_bookings_by_scan_time_with_counts_and_tokenized_phones(session, factories, center_day):
    center, made = center_day
    day = schedule.day(session, actor=_partner(factories, center), center_id=center.id, on=DAY.date())
    assert [r.booking.slot.starts_at.astimezone(IST).hour for r in day.rows] == [9, 11, 12]  # no hold
    assert day.by_status == {"cancelled": 1, "confirmed": 1, "pending": 1}
    assert day.by_service == {"CT Head": 1, "MRI Knee": 2}
    assert {r.phone for r in day.rows} == {"+91••••••0001", "+91••••••0002"}
    assert schedule.awaiting_confirmation(session, actor=_partner(factories, center), center_id=center.id) == 1


def test_another_centers_partner_cannot_read_the_day(session, factories, center_day):
    center, _ = center_day
    with pytest.raises(Forbidden):
        schedule.day(session, actor=_partner(factories, factories.center()), center_id=center.id, on=DAY.date())


def test_check_in_only_for_a_confirmed_booking_on_its_day(session, factories, center_day):
    center, made = center_day
    partner, confirmed, pending = _partner(factories, center), made[0], made[1]
    with pytest.raises(IllegalTransition, match="on the day"):
        checkin.check_in(session, actor=partner, booking_id=confirmed.id, now=DAY - timedelta(days=1))
    checkin.check_in(session, actor=partner, booking_id=confirmed.id, now=DAY.replace(hour=10, minute=45))
    assert confirmed.checked_in_at is not None
    with pytest.raises(IllegalTransition, match="only a confirmed"):
        checkin.check_in(session, actor=partner, booking_id=pending.id, now=DAY.replace(hour=8))


def test_a_center_escalates_and_exchanges_messages_only_on_its_own_tickets(session, factories, center_day):
    center, made = center_day
    partner, other = _partner(factories, center), _partner(factories, factories.center())
    ticket = tickets.escalate_from_center(session, actor=partner, subject="Patient asks for a female technician",
                                          booking_id=made[0].id)
    general = tickets.escalate_from_center(session, actor=partner, subject="Our MRI is down this week")
    assert ticket.escalated and ticket.center_id == center.id and general.user_id is None
    notes.add_center_note(session, actor=partner, ticket_id=ticket.id, body="Please call her", now=DAY)
    with pytest.raises(NotFound):
        notes.add_center_note(session, actor=other, ticket_id=ticket.id, body="hi", now=DAY)
    with pytest.raises(NotFound):
        tickets.escalate_from_center(session, actor=other, subject="x", booking_id=made[0].id)


@pytest.mark.parametrize("text", ["98123 40001", "+91-98123-40001", "098123 40001", "9812340001"])
def test_the_finder_matches_a_phone_in_any_format(session, factories, center_day, text):
    center, made = center_day
    ops = Actor.of(factories.staff(Role.OPS_MANAGER))
    found = finder.find(session, actor=ops, text=text, center_id=center.id)
    assert {b.id for b in found} == {made[0].id, made[3].id}


def test_the_finder_by_reference_name_and_date_and_a_partner_stays_in_their_center(session, factories, center_day):
    center, made = center_day
    ops = Actor.of(factories.staff(Role.OPS_MANAGER))
    assert finder.find(session, actor=ops, text=made[1].reference.lower())[0].id == made[1].id
    assert {b.id for b in finder.find(session, actor=ops, text="ravi kum", on=DAY.date())} == {made[1].id, made[2].id}
    outsider = _partner(factories, factories.center())
    assert finder.find(session, actor=outsider, text=made[1].reference) == []
    with pytest.raises(ValidationError):
        finder.find(session, actor=ops)
