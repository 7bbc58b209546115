"""The booking actions a panel offers, each bound to a core service and a permission of the matrix.

Legality here only decides what to offer; core.booking.service refuses an illegal move on its own.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from core.actors import Actor
from core.booking import checkin, service
from core.booking.lifecycle import ALLOWED
from core.clock import IST, now_utc
from core.models.bookings import Booking, BookingStatus
from core.models.users import Role
from core.permissions import allowed

S = BookingStatus
LIVE = frozenset({S.HELD, S.PENDING, S.CONFIRMED})


@dataclass(frozen=True)
class Request:
    reason: str | None
    new_slot_id: int | None


@dataclass(frozen=True)
class BookingAction:
    key: str
    label: str
    done: str  # the flash after it worked
    permission: str
    target: BookingStatus | None  # the status it moves to (None: the status stays)
    timing: str  # "before_start", "after_start" or "any"
    run: Callable[[Session, Actor, int, Request], Booking]
    also: Callable[[Booking, datetime], bool] | None = None  # a further condition of its own

    def legal(self, booking: Booking, now: datetime) -> bool:
        if self.also is not None and not self.also(booking, now):
            return False
        if self.target is not None and self.target not in ALLOWED[booking.status]:
            return False
        if self.target is None and booking.status not in LIVE:
            return False
        started = booking.slot.starts_at <= now
        return {"before_start": not started, "after_start": started}.get(self.timing, True)

    def needs_reason(self, role: Role) -> bool:
        """A cancellation always says why; so does MedEzy staff overriding what is the center's call."""
        if self.key == "check_in":
            return False  # the arrival is a fact at the desk, not a decision
        return self.key == "cancel" or role is not Role.PARTNER_STAFF


ACTIONS: dict[str, BookingAction] = {a.key: a for a in [
    BookingAction("confirm", "Confirm", "Booking confirmed; the patient is told.", "booking.confirm",
                  S.CONFIRMED, "any",
                  lambda s, actor, pk, r: service.confirm(s, actor=actor, booking_id=pk, reason=r.reason)),
    BookingAction("check_in", "Check in", "Checked in: the patient has arrived.", "booking.complete", None,
                  "any", lambda s, actor, pk, r: checkin.check_in(s, actor=actor, booking_id=pk, now=now_utc()),
                  also=lambda b, now: _arrival_window(b, now)),
    BookingAction("complete", "Mark completed", "Marked completed.", "booking.complete", S.COMPLETED,
                  "after_start",
                  lambda s, actor, pk, r: service.complete(s, actor=actor, booking_id=pk, reason=r.reason)),
    # Closing a visit either way is the same decision, so no-show shares booking.complete.
    BookingAction("no_show", "Mark no-show", "Marked as a no-show.", "booking.complete", S.NO_SHOW,
                  "after_start",
                  lambda s, actor, pk, r: service.mark_no_show(s, actor=actor, booking_id=pk, reason=r.reason)),
    BookingAction("reschedule", "Reschedule", "Moved to the new slot; the patient is told.",
                  "booking.reschedule", None, "before_start",
                  lambda s, actor, pk, r: service.reschedule(s, actor=actor, booking_id=pk,
                                                             new_slot_id=r.new_slot_id or 0, reason=r.reason)),
    BookingAction("cancel", "Cancel booking", "Booking cancelled; any refund follows automatically.",
                  "booking.cancel", S.CANCELLED, "any",
                  lambda s, actor, pk, r: service.cancel(s, actor=actor, booking_id=pk, reason=r.reason or "")),
]}


def available(booking: Booking, role: Role, now: datetime) -> list[BookingAction]:
    """The actions `role` may take on `booking` right now."""
    return [a for a in ACTIONS.values() if allowed(role, a.permission) and a.legal(booking, now)]


def _arrival_window(booking: Booking, now: datetime) -> bool:
    """Offer check-in as core.booking.checkin allows it: confirmed, not yet in, on the scan's day."""
    starts = booking.slot.starts_at
    return (booking.status is S.CONFIRMED and booking.checked_in_at is None
            and now.astimezone(IST).date() == starts.astimezone(IST).date() and now >= starts - checkin.EARLIEST)
