"""Reminders and center alerts, computed from bookings by a periodic sweep (not timers kept in Redis).

Each run looks at live bookings and queues whatever is due now. The dedup key names the booking's
slot and start time, so running twice (or after a restart) queues nothing new, a reschedule gets fresh
reminders for the new time, and a reminder queued for the old time or for a cancelled booking is
cancelled when its job looks at it (no_longer_true).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from core.clock import IST, ist_datetime, now_utc
from core.models import Booking, BookingStatus, Slot
from core.models.notifications import Notification, NotificationState
from notifications import facts, outgoing, recipients

REMINDERS = ("reminder_24h", "reminder_2h", "prep_reminder")
LIVE = (BookingStatus.PENDING, BookingStatus.CONFIRMED)
PREP_EVENING = time(18, 0)  # IST, the evening before a scan that needs fasting or contrast
# Prep instructions that mean the patient must do something the day before.
PREP_WORDS = ("fast", "contrast", "empty stomach", "nil by mouth", "khali pet")
LOOKAHEAD = timedelta(hours=40)  # the prep reminder at 18:00 the day before a late-evening scan


def run(session: Session, *, settings, now: datetime | None = None) -> int:
    """Queue the reminders and SLA alerts due now; returns how many were newly queued."""
    now = now or now_utc()
    queued = sum(_remind(session, settings, booking, now) for booking in _upcoming(session, now))
    sla = timedelta(minutes=settings.center_confirm_sla_minutes)
    return queued + sum(_alert_unconfirmed(session, settings, booking, now) for booking in _unconfirmed(session, now - sla))


def due(booking: Booking, now: datetime) -> list[tuple[str, datetime]]:
    """(trigger, due moment) of the reminders due now; none that fell due before the booking was paid."""
    starts = booking.slot.starts_at
    moments = {"reminder_24h": (starts - timedelta(hours=24), starts - timedelta(hours=2)),
               "reminder_2h": (starts - timedelta(hours=2), starts)}
    if needs_prep(booking):
        evening = ist_datetime(starts.astimezone(IST).date() - timedelta(days=1), PREP_EVENING)
        moments["prep_reminder"] = (evening, starts - timedelta(hours=2))
    since = booking.paid_at or booking.created_at
    return [(name, start) for name, (start, end) in moments.items() if start <= now < end and start >= since]


def needs_prep(booking: Booking) -> bool:
    text = f"{booking.service.name} {booking.service.prep_instructions or ''}".lower()
    return any(word in text for word in PREP_WORDS)


def no_longer_true(session: Session, row: Notification) -> str | None:
    """Why a queued reminder or alert must not go out any more (None: it still holds)."""
    if row.trigger not in REMINDERS and row.trigger != "center_unconfirmed":
        return None
    booking = session.get(Booking, row.booking_id)
    if row.trigger == "center_unconfirmed":
        return None if booking.status is BookingStatus.PENDING else f"booking is {booking.status.value}"
    if booking.status not in LIVE:
        return f"booking is {booking.status.value}"
    if str(booking.slot_id) != str(row.variables.get("slot_id")):
        return "booking was rescheduled"
    return "the scan has started" if booking.slot.starts_at <= now_utc() else None


def cancel_for_booking(session: Session, booking_id: int, *, reason: str) -> int:
    """Cancel a booking's queued reminders at once (the send-time check would catch them too)."""
    result = session.execute(update(Notification).where(
        Notification.booking_id == booking_id, Notification.trigger.in_(REMINDERS),
        Notification.state == NotificationState.QUEUED).values(state=NotificationState.CANCELLED, error=reason))
    return result.rowcount


def _remind(session: Session, settings, booking: Booking, now: datetime) -> int:
    variables = {**facts.booking(booking), "slot_id": str(booking.slot_id)}
    to = recipients.patient(session, booking.user)
    starts = int(booking.slot.starts_at.timestamp())
    return sum(len(outgoing.notify(session, settings, trigger=name, event=f"{name}:{booking.id}:{booking.slot_id}:{starts}",
                                   to=to, variables=variables, booking_id=booking.id, due_at=moment))
               for name, moment in due(booking, now))


def _alert_unconfirmed(session: Session, settings, booking: Booking, now: datetime) -> int:
    waited = int((now - booking.paid_at).total_seconds() // 60)
    variables = {**facts.booking(booking), "since": f"{waited // 60} h {waited % 60} min"}
    return len(outgoing.notify(session, settings, trigger="center_unconfirmed", event=f"center_unconfirmed:{booking.id}",
                               to=recipients.center(booking.center), variables=variables, booking_id=booking.id))


def _upcoming(session: Session, now: datetime) -> list[Booking]:
    return list(session.scalars(
        select(Booking).join(Slot, Slot.id == Booking.slot_id)
        .where(Booking.status.in_(LIVE), Slot.starts_at > now, Slot.starts_at <= now + LOOKAHEAD)
        .options(joinedload(Booking.slot), joinedload(Booking.service), joinedload(Booking.center),
                 joinedload(Booking.user))))


def _unconfirmed(session: Session, paid_before: datetime) -> list[Booking]:
    return list(session.scalars(
        select(Booking).join(Slot, Slot.id == Booking.slot_id)
        .where(Booking.status == BookingStatus.PENDING, Booking.paid_at <= paid_before, Slot.starts_at > now_utc())
        .options(joinedload(Booking.center))))
