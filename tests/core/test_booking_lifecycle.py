"""The booking state machine, each transition as a named service."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import SYSTEM, Actor
from core.booking import service as bookings
from core.booking.lifecycle import ALLOWED
from core.clock import now_utc
from core.errors import Forbidden, IllegalTransition, SlotUnavailable, ValidationError
from core.models import AuditEntry, BookingStatus, Role
from core.models.analytics import AnalyticsEvent
from core.models.outbox import OutboxMessage

S = BookingStatus
ME = bookings.PatientDetails(name="Priya Patel", age=34)


def _hold(f, session, slot=None, patient=None, **kw):
    patient = patient or f.patient()
    slot = slot or f.slot()
    return bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id, patient=ME, **kw)


def _partner(f, booking):
    return Actor.of(f.staff(Role.PARTNER_STAFF, center=booking.center))


def test_hold_claims_the_slot_and_expires_in_ten_minutes(any_session, any_factories):
    now = now_utc()
    booking = _hold(any_factories, any_session, now=now)
    assert booking.status is S.HELD
    assert booking.hold_expires_at == now + timedelta(minutes=10)
    assert booking.slot.claimed == 1
    assert booking.reference.startswith("MZ") and len(booking.reference) == 10


def test_full_happy_path_writes_history_audit_analytics_and_outbox(session, factories):
    booking = _hold(factories, session)
    bookings.mark_paid(session, booking_id=booking.id)
    partner = _partner(factories, booking)
    bookings.confirm(session, actor=partner, booking_id=booking.id)
    bookings.complete(session, actor=partner, booking_id=booking.id, now=booking.slot.starts_at + timedelta(hours=1))
    assert [h.to_status for h in booking.history] == [S.HELD, S.PENDING, S.CONFIRMED, S.COMPLETED]
    session.commit()
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == str(booking.id))).all()
    assert actions == ["booking.held", "booking.pending", "booking.confirmed", "booking.completed"]
    events = session.scalars(select(AnalyticsEvent.name).where(AnalyticsEvent.booking_id == booking.id)).all()
    assert events == ["booking_initiated", "booking_confirmed", "booking_completed"]
    topics = [m.topic for m in session.scalars(select(OutboxMessage)) if m.payload.get("booking_id") == booking.id]
    assert topics == ["booking_paid", "booking_confirmed", "booking_completed"]


@pytest.mark.parametrize("start", [S.HELD, S.PENDING])
def test_cannot_complete_before_confirmation(session, factories, start):
    booking = _hold(factories, session)
    if start is S.PENDING:
        bookings.mark_paid(session, booking_id=booking.id)
    with pytest.raises(IllegalTransition, match="cannot become completed"):
        bookings.complete(session, actor=_partner(factories, booking), booking_id=booking.id)


def test_completed_booking_cannot_be_cancelled(session, factories):
    booking = _hold(factories, session)
    bookings.mark_paid(session, booking_id=booking.id)
    partner = _partner(factories, booking)
    bookings.confirm(session, actor=partner, booking_id=booking.id)
    bookings.complete(session, actor=partner, booking_id=booking.id, now=booking.slot.starts_at + timedelta(hours=1))
    with pytest.raises(IllegalTransition):
        bookings.cancel(session, actor=SYSTEM, booking_id=booking.id, reason="test")


def test_cannot_complete_before_the_slot_starts(session, factories):
    booking = _hold(factories, session)
    bookings.mark_paid(session, booking_id=booking.id)
    partner = _partner(factories, booking)
    bookings.confirm(session, actor=partner, booking_id=booking.id)
    with pytest.raises(IllegalTransition, match="only after"):
        bookings.complete(session, actor=partner, booking_id=booking.id)


def test_cancel_frees_the_slot_and_records_who(any_session, any_factories):
    booking = _hold(any_factories, any_session)
    patient = Actor(Role.PATIENT, booking.user_id)
    bookings.cancel(any_session, actor=patient, booking_id=booking.id, reason="feeling better")
    assert booking.status is S.CANCELLED and booking.cancelled_by is Role.PATIENT
    assert booking.slot.claimed == 0


def test_cancel_needs_a_reason(session, factories):
    booking = _hold(factories, session)
    with pytest.raises(ValidationError):
        bookings.cancel(session, actor=SYSTEM, booking_id=booking.id, reason="  ")


def test_partner_cannot_touch_another_centers_booking(session, factories):
    booking = _hold(factories, session)
    bookings.mark_paid(session, booking_id=booking.id)
    stranger = Actor.of(factories.staff(Role.PARTNER_STAFF, center=factories.center()))
    with pytest.raises(Forbidden):
        bookings.confirm(session, actor=stranger, booking_id=booking.id)
    assert booking.status is S.PENDING


def test_patient_cannot_cancel_someone_elses_booking(session, factories):
    booking = _hold(factories, session)
    other = factories.patient()
    with pytest.raises(Forbidden):
        bookings.cancel(session, actor=Actor.of(other), booking_id=booking.id, reason="mine now")


def test_finance_cannot_confirm(session, factories):
    booking = _hold(factories, session)
    bookings.mark_paid(session, booking_id=booking.id)
    with pytest.raises(Forbidden):
        bookings.confirm(session, actor=Actor(Role.FINANCE, 1), booking_id=booking.id)


def test_lapsed_hold_does_not_block_the_next_patient(any_session, any_factories):
    slot = any_factories.slot(capacity=1)
    now = now_utc()
    first = _hold(any_factories, any_session, slot=slot, now=now)
    second = _hold(any_factories, any_session, slot=slot, now=now + timedelta(minutes=11))
    assert first.status is S.EXPIRED
    assert second.status is S.HELD
    assert slot.claimed == 1


def test_live_hold_blocks_a_full_slot_with_a_clear_message(session, factories):
    slot = factories.slot(capacity=1)
    _hold(factories, session, slot=slot)
    with pytest.raises(SlotUnavailable, match="just taken"):
        _hold(factories, session, slot=slot)


def test_late_payment_revives_an_expired_hold_when_the_slot_is_free(session, factories):
    now = now_utc()
    booking = _hold(factories, session, now=now)
    bookings.expire_hold(session, booking_id=booking.id, now=now + timedelta(minutes=11))
    assert booking.slot.claimed == 0
    bookings.mark_paid(session, booking_id=booking.id, now=now + timedelta(minutes=15))
    assert booking.status is S.PENDING and booking.slot.claimed == 1


def test_late_payment_on_a_retaken_slot_raises_and_changes_nothing(session, factories):
    now = now_utc()
    slot = factories.slot(capacity=1)
    late = _hold(factories, session, slot=slot, now=now)
    _hold(factories, session, slot=slot, now=now + timedelta(minutes=11))
    with pytest.raises(SlotUnavailable):
        bookings.mark_paid(session, booking_id=late.id, now=now + timedelta(minutes=12))
    assert late.status is S.EXPIRED and slot.claimed == 1


def test_reschedule_keeps_the_id_and_moves_the_claim(any_session, any_factories):
    old = any_factories.slot()
    new = any_factories.slot(old.center, session_service(any_session, old), starts_at=old.starts_at + timedelta(hours=2))
    booking = _hold(any_factories, any_session, slot=old)
    booking_id = booking.id
    bookings.reschedule(any_session, actor=Actor(Role.SUPPORT_AGENT, 1), booking_id=booking.id, new_slot_id=new.id)
    assert booking.id == booking_id and booking.slot_id == new.id
    assert (old.claimed, new.claimed) == (0, 1)


def session_service(session, slot):
    from core.models import Service
    return session.get(Service, slot.service_id)


def test_reschedule_to_a_full_slot_changes_nothing(session, factories):
    old = factories.slot()
    full = factories.slot(old.center, session_service(session, old), starts_at=old.starts_at + timedelta(hours=2))
    _hold(factories, session, slot=full)
    booking = _hold(factories, session, slot=old)
    with pytest.raises(SlotUnavailable):
        bookings.reschedule(session, actor=SYSTEM.__class__(Role.OPS_MANAGER, 1), booking_id=booking.id,
                            new_slot_id=full.id)
    assert booking.slot_id == old.id and old.claimed == 1


def test_every_status_has_a_patient_label():
    assert {s.patient_label for s in S} == {"Pending", "Confirmed", "Completed", "Cancelled"}
    assert set(ALLOWED) == set(S)


def test_blocked_slot_cannot_be_held(session, factories):
    slot = factories.slot(is_blocked=True)
    with pytest.raises(SlotUnavailable, match="blocked"):
        _hold(factories, session, slot=slot)


def test_invalid_patient_details_are_rejected(session, factories):
    patient = factories.patient()
    slot = factories.slot()
    with pytest.raises(ValidationError, match="Age"):
        bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                      patient=bookings.PatientDetails(name="Ravi Kumar", age=150))
    assert slot.claimed == 0
