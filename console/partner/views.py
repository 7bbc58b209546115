"""The partner panel: its home (bookings awaiting the center, then today's) and the center-scoped lists."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from console.admin.views import SlotView
from console.auth import current_user
from console.partner.booking import PartnerBookingView
from core.actors import Actor
from core.booking import schedule
from core.clock import IST, now_utc
from core.models import Booking, BookingStatus, Slot

S = BookingStatus
TODAY_STATES = (S.PENDING, S.CONFIRMED, S.COMPLETED, S.NO_SHOW)


class PartnerSlotView(SlotView):
    column_list = ["service", "starts_at", "capacity", "claimed", "is_blocked"]


def today_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = datetime.combine(now.astimezone(IST).date(), time.min, tzinfo=IST)
    return start, start + timedelta(days=1)


def _bookings(session, center_id: int, *conditions, limit: int = 200) -> list[Booking]:
    return list(session.scalars(
        select(Booking).join(Slot, Slot.id == Booking.slot_id).where(Booking.center_id == center_id, *conditions)
        .options(joinedload(Booking.slot), joinedload(Booking.service), joinedload(Booking.user))
        .order_by(Slot.starts_at, Booking.id).limit(limit)))


def home_context() -> dict:
    """Paid bookings awaiting the center's confirmation (the badge), then today's bookings in scan order."""
    user = current_user()
    start, end = today_bounds(now_utc())
    session = current_app.extensions["medezy_db"]()
    return {"awaiting": _bookings(session, user.center_id, Booking.status == S.PENDING, limit=50),
            "today": _bookings(session, user.center_id, Booking.status.in_(TODAY_STATES),
                               Slot.starts_at >= start, Slot.starts_at < end)}


def menu_badges() -> dict[str, int]:
    """Beside "Schedule" on every partner page: paid bookings the center has not confirmed yet."""
    user = current_user()
    session = current_app.extensions["medezy_db"]()
    return {"Schedule": schedule.awaiting_confirmation(session, actor=Actor.of(user), center_id=user.center_id)}


def all_views(db) -> list:
    return [PartnerBookingView(Booking, db, name="Bookings", endpoint="partner_bookings", url="bookings"),
            PartnerSlotView(Slot, db, name="Slots", endpoint="partner_slots", url="slots")]
