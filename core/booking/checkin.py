"""Check-in at the center's desk: a confirmed booking whose patient arrived on the day of the scan."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.booking.lifecycle import load_for_update
from core.clock import IST, show
from core.errors import IllegalTransition
from core.models import BookingStatus

EARLIEST = timedelta(hours=3)  # nobody checks in for an afternoon scan at breakfast by mistake


def check_in(session: Session, *, actor: Actor, booking_id: int, now: datetime):
    """Record that the patient arrived (once; a second check-in changes nothing)."""
    actor.require_permission("booking.complete")
    booking = load_for_update(session, booking_id)
    actor.require_center(booking.center_id)
    if booking.status is not BookingStatus.CONFIRMED:
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; only a confirmed "
                                "booking checks in.")
    starts = booking.slot.starts_at
    if now.astimezone(IST).date() != starts.astimezone(IST).date() or now < starts - EARLIEST:
        raise IllegalTransition(f"Booking {booking.reference} is for {show(starts)}; check in on the day, "
                                "at most three hours before.")
    if booking.checked_in_at is None:
        booking.checked_in_at = now
        audit.record(session, actor=actor, action="booking.checked_in", entity_type="booking",
                     entity_id=booking.id, after={"checked_in_at": now.isoformat()})
    return booking
