"""Ops correcting a booking's status outside the normal flow (a no-show marked by mistake, a confirmation
the center gave by phone). Only among the statuses that hold the slot, so the slot's count stays right,
and never into Cancelled: cancelling frees the slot and decides the refund, which `service.cancel` does.
An override corrects the record; it sends the patient nothing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.booking.lifecycle import load_for_update
from core.clock import now_utc
from core.errors import IllegalTransition, ValidationError
from core.models.bookings import Booking, BookingStatus, BookingStatusChange

S = BookingStatus
OVERRIDABLE = (S.PENDING, S.CONFIRMED, S.COMPLETED, S.NO_SHOW)  # paid, and each holds one unit of its slot
_STAMP = {S.CONFIRMED: "confirmed_at", S.COMPLETED: "completed_at"}


def override_status(session: Session, *, actor: Actor, booking_id: int, status: BookingStatus | str,
                    reason: str, now: datetime | None = None) -> Booking:
    """Set a paid booking's status by hand, with the reason kept in its history and the audit log."""
    actor.require_permission("booking.override_status")
    to, reason, now = _target(status), _reason(reason), now or now_utc()
    booking = load_for_update(session, booking_id)
    before = booking.status
    if before not in OVERRIDABLE or before is to:
        raise IllegalTransition(f"Booking {booking.reference} is {before.value}; an override moves a paid booking "
                                f"between {', '.join(s.value for s in OVERRIDABLE)}.")
    booking.status, booking.updated_at = to, now
    if to in _STAMP and getattr(booking, _STAMP[to]) is None:
        setattr(booking, _STAMP[to], now)
    booking.history.append(BookingStatusChange(from_status=before, to_status=to, actor_id=actor.user_id,
                                               actor_role=actor.role, reason=f"override: {reason}", at=now))
    audit.record(session, actor=actor, action="booking.status_overridden", entity_type="booking",
                 entity_id=booking.id, before={"status": before.value}, after={"status": to.value}, reason=reason)
    return booking


def _target(status: BookingStatus | str) -> BookingStatus:
    try:
        to = BookingStatus(status)
    except ValueError:
        raise ValidationError(f"Unknown booking status {status!r}.") from None
    if to not in OVERRIDABLE:
        raise ValidationError("An override sets Pending, Confirmed, Completed or No-show; "
                              "to cancel, use Cancel (it frees the slot and decides the refund).")
    return to


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("An override needs a reason.")
    if len(reason) > 500:
        raise ValidationError("Keep the reason under 500 characters.")
    return reason
