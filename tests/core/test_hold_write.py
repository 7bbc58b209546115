"""A hold writes the same rows on both backends (one statement on Postgres), or nothing and says why."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from core.actors import SYSTEM, Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.errors import NotFound, SlotUnavailable
from core.models import AuditEntry, Booking, BookingStatus, Slot, VerificationStatus
from core.models.analytics import AnalyticsEvent
from core.models.bookings import BookingStatusChange
from core.models.outbox import OutboxMessage
from core.models.users import Sex

ME = bookings.PatientDetails(name="Asha Rao", age=41, sex=Sex.FEMALE)


@contextmanager
def statements(session):
    """The SQL statements the session's connection runs inside the block."""
    seen: list[str] = []
    engine = session.get_bind().engine

    def count(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _hold(session, patient, slot, **kw):
    return bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id, patient=ME, **kw)


def test_hold_writes_booking_history_analytics_and_audit(any_session, any_factories):
    patient, slot, now = any_factories.patient(), any_factories.slot(price_paise=450000), now_utc()
    booking = _hold(any_session, patient, slot, now=now)
    any_session.commit()
    stored = any_session.execute(select(Booking.__table__).where(Booking.id == booking.id)).one()
    assert (stored.status, stored.price_paise, stored.patient_name, stored.patient_age, stored.patient_sex,
            stored.source, stored.hold_expires_at) == ("held", 450000, "Asha Rao", 41, "female", "whatsapp",
                                                        now + timedelta(minutes=10))
    history = any_session.scalars(select(BookingStatusChange).where(BookingStatusChange.booking_id == booking.id))
    assert [(h.from_status, h.to_status, h.actor_id) for h in history] == [(None, BookingStatus.HELD, patient.id)]
    event_ = any_session.scalars(select(AnalyticsEvent).where(AnalyticsEvent.booking_id == booking.id)).one()
    assert (event_.name, event_.properties) == (
        "booking_initiated", {"service_id": slot.service_id, "center_id": slot.center_id})
    audit = any_session.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(booking.id))).one()
    assert (audit.action, audit.after) == ("booking.held", {"status": "held", "slot_id": slot.id,
                                                            "price_paise": 450000})
    assert any_session.scalar(select(Slot.claimed).where(Slot.id == slot.id)) == slot.claimed == 1


def test_returned_booking_is_loaded_and_attached(any_session, any_factories):
    patient, slot = any_factories.patient(), any_factories.slot()
    booking = _hold(any_session, patient, slot)
    with statements(any_session) as seen:
        columns = {c.key: getattr(booking, c.key) for c in Booking.__mapper__.column_attrs}
    assert seen == [] and columns["status"] is BookingStatus.HELD and columns["paid_at"] is None
    assert booking in any_session and booking.slot is slot and booking.center.id == slot.center_id


def test_a_hold_on_postgres_is_one_statement_its_audit_entry_included(session, factories):
    patient, slot = factories.patient(), factories.slot()
    with statements(session) as seen:
        booking = _hold(session, patient, slot)
        session.commit()  # writes nothing more: no audit entry was left queued for the commit
    written = [s for s in seen if "SAVEPOINT" not in s]  # the test session's commits are savepoints
    assert len(written) == 1 and written[0].lstrip().startswith("WITH claim AS")
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "booking.held", AuditEntry.entity_id == str(booking.id))) == 1


def test_a_hold_rolled_back_to_its_savepoint_leaves_no_audit_entry(any_session, any_factories):
    """The bot holds inside a savepoint and rolls it back when the payment link fails."""
    patient, slot = any_factories.patient(), any_factories.slot()
    with pytest.raises(RuntimeError):
        with any_session.begin_nested():
            booking_id = _hold(any_session, patient, slot).id
            raise RuntimeError("the payment provider is down")
    any_session.commit()
    assert any_session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "booking.held", AuditEntry.entity_id == str(booking_id))) == 0


@pytest.mark.parametrize("spoil, error, message", [
    (lambda f, s: setattr(s, "is_blocked", True), SlotUnavailable, "blocked"),
    (lambda f, s: setattr(s, "starts_at", now_utc() - timedelta(minutes=1)), SlotUnavailable, "already started"),
    (lambda f, s: setattr(s.center, "verification_status", VerificationStatus.PENDING), SlotUnavailable,
     "not taking bookings"),
    (lambda f, s: setattr(s.service, "is_active", False), SlotUnavailable, "no longer offered"),
    (lambda f, s: _hold(f.session, f.patient(), s), SlotUnavailable, "just taken"),
], ids=["blocked", "started", "unverified-center", "inactive-service", "taken"])
def test_unbookable_slot_is_refused_with_its_reason_and_nothing_written(any_session, any_factories, spoil, error,
                                                                       message):
    slot = any_factories.slot()
    spoil(any_factories, slot)
    any_session.flush()
    before = (any_session.scalar(select(func.count(Booking.id))), slot.claimed)
    with pytest.raises(error, match=message):
        _hold(any_session, any_factories.patient(), slot)
    any_session.expire(slot)
    assert (any_session.scalar(select(func.count(Booking.id))), slot.claimed) == before


def test_unknown_booker_is_not_found(any_session, any_factories):
    slot = any_factories.slot()
    with pytest.raises(NotFound):
        bookings.hold(any_session, actor=SYSTEM, user_id=10**9, slot_id=slot.id, patient=ME)
    assert any_session.scalar(select(Slot.claimed).where(Slot.id == slot.id)) == 0


def test_lapsed_hold_is_expired_with_its_outbox_event_before_the_slot_is_retaken(any_session, any_factories):
    slot, now = any_factories.slot(), now_utc()
    lapsed = _hold(any_session, any_factories.patient(), slot, now=now - timedelta(minutes=20))
    booking = _hold(any_session, any_factories.patient(), slot, now=now)
    any_session.commit()
    any_session.refresh(lapsed)
    assert lapsed.status is BookingStatus.EXPIRED and booking.status is BookingStatus.HELD
    topics = [m.payload for m in any_session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "hold_expired"))]
    assert {"booking_id": lapsed.id} in topics
    assert any_session.scalar(select(Slot.claimed).where(Slot.id == slot.id)) == 1
