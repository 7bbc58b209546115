"""A center's working day: its bookings by scan time with counts by status and scan, patient contacts
tokenized (the full phone never leaves core for partner staff), and the badge of bookings awaiting it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from core.actors import Actor
from core.clock import ist_datetime
from core.models import Booking, BookingStatus, Slot
from core.privacy import mask_phone

S = BookingStatus
SHOWN = (S.PENDING, S.CONFIRMED, S.COMPLETED, S.NO_SHOW, S.CANCELLED)  # holds are not the center's yet


@dataclass(frozen=True)
class Row:
    booking: Booking
    phone: str  # tokenized unless the actor may see contacts
    checked_in: bool


@dataclass(frozen=True)
class Day:
    day: date
    rows: list[Row]
    by_status: dict[str, int]
    by_service: dict[str, int]


def day(session: Session, *, actor: Actor, center_id: int, on: date, show_contact: bool = False) -> Day:
    """The center's bookings whose scan falls on `on` (IST), earliest first."""
    actor.require_permission("booking.view")
    actor.require_center(center_id)
    start, end = ist_datetime(on, time.min), ist_datetime(on + timedelta(days=1), time.min)
    bookings = list(session.scalars(
        select(Booking).join(Slot, Slot.id == Booking.slot_id)
        .where(Booking.center_id == center_id, Booking.status.in_(SHOWN), Slot.starts_at >= start,
               Slot.starts_at < end)
        .options(joinedload(Booking.slot), joinedload(Booking.service), joinedload(Booking.user))
        .order_by(Slot.starts_at, Booking.id)))
    rows = [Row(b, b.user.phone if show_contact else mask_phone(b.user.phone), b.checked_in_at is not None)
            for b in bookings]
    return Day(on, rows, dict(sorted(Counter(b.status.value for b in bookings).items())),
               dict(sorted(Counter(b.service.name for b in bookings).items())))


def upcoming_days(session: Session, *, actor: Actor, center_id: int, today: date, days: int = 14) -> dict[str, int]:
    """{IST date: live bookings} for the next `days` days, for the date picker."""
    actor.require_center(center_id)
    local = func.date(func.timezone("Asia/Kolkata", Slot.starts_at)) if session.get_bind().dialect.name == \
        "postgresql" else func.date(Slot.starts_at, "+330 minutes")
    start, end = ist_datetime(today, time.min), ist_datetime(today + timedelta(days=days), time.min)
    rows = session.execute(select(local, func.count()).join(Booking, Booking.slot_id == Slot.id)
                           .where(Booking.center_id == center_id, Booking.status.in_((S.PENDING, S.CONFIRMED)),
                                  Slot.starts_at >= start, Slot.starts_at < end).group_by(local).order_by(local))
    return {str(d): n for d, n in rows}


def awaiting_confirmation(session: Session, *, actor: Actor, center_id: int) -> int:
    """The panel's badge: paid bookings the center has not confirmed yet."""
    actor.require_center(center_id)
    return session.scalar(select(func.count()).where(Booking.center_id == center_id, Booking.status == S.PENDING))



