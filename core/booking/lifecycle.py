"""The booking state machine: which status may follow which, and the bookkeeping of a move."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.errors import IllegalTransition, NotFound
from core.models.bookings import Booking, BookingStatus, BookingStatusChange

S = BookingStatus
ALLOWED: dict[BookingStatus, frozenset[BookingStatus]] = {
    S.HELD: frozenset({S.PENDING, S.CANCELLED, S.EXPIRED}),
    # A payment can land after the hold lapsed; if the slot is still free the booking comes back.
    S.EXPIRED: frozenset({S.PENDING}),
    S.PENDING: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.COMPLETED, S.NO_SHOW, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.NO_SHOW: frozenset(),
    S.CANCELLED: frozenset(),
}
_TIMESTAMP_FOR = {S.PENDING: "paid_at", S.CONFIRMED: "confirmed_at", S.COMPLETED: "completed_at"}


def load_for_update(session: Session, booking_id: int) -> Booking:
    """Lock the booking row so two transitions on one booking run one after the other."""
    booking = session.execute(
        select(Booking).where(Booking.id == booking_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if booking is None:
        raise NotFound(f"Booking {booking_id} does not exist.")
    return booking


def ensure_allowed(booking: Booking, to: BookingStatus) -> None:
    if to not in ALLOWED[booking.status]:
        raise IllegalTransition(
            f"Booking {booking.reference} is {booking.status.value}; it cannot become {to.value}."
        )


def move(session: Session, booking: Booking, to: BookingStatus, *, actor: Actor, now: datetime,
         reason: str | None = None) -> None:
    """Change status, stamp the time, write history and the audit entry, all in this transaction."""
    ensure_allowed(booking, to)
    before = booking.status
    booking.status = to
    booking.updated_at = now
    if to in _TIMESTAMP_FOR:
        setattr(booking, _TIMESTAMP_FOR[to], now)
    booking.history.append(BookingStatusChange(
        from_status=before, to_status=to, actor_id=actor.user_id, actor_role=actor.role,
        reason=reason, at=now,
    ))
    audit.record(session, actor=actor, action=f"booking.{to.value}", entity_type="booking",
                 entity_id=booking.id, before={"status": before.value}, after={"status": to.value},
                 reason=reason)
