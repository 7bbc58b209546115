"""The partner panel: its home (today's bookings at the center) and the center-scoped lists."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from console.admin.views import SlotView
from console.auth import current_user
from console.bookings.views import BookingView
from core.clock import IST, now_utc
from core.models import Booking, BookingStatus, Slot

S = BookingStatus
TODAY_STATES = (S.PENDING, S.CONFIRMED, S.COMPLETED, S.NO_SHOW)


class PartnerBookingView(BookingView):
    # Short on purpose: the list must read on a phone.
    column_list = ["reference", "status", "slot.starts_at", "service", "patient_name", "phone"]


class PartnerSlotView(SlotView):
    column_list = ["service", "starts_at", "capacity", "claimed", "is_blocked"]


def today_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = datetime.combine(now.astimezone(IST).date(), time.min, tzinfo=IST)
    return start, start + timedelta(days=1)


def home_context() -> dict:
    """Today's bookings at the signed-in partner's center, in scan order."""
    user = current_user()
    start, end = today_bounds(now_utc())
    session = current_app.extensions["medezy_db"]()
    rows = session.scalars(
        select(Booking).join(Slot, Slot.id == Booking.slot_id)
        .where(Booking.center_id == user.center_id, Booking.status.in_(TODAY_STATES),
               Slot.starts_at >= start, Slot.starts_at < end)
        .options(joinedload(Booking.slot), joinedload(Booking.service), joinedload(Booking.user))
        .order_by(Slot.starts_at, Booking.id).limit(200)
    ).all()
    return {"today": rows}


def all_views(db) -> list:
    return [PartnerBookingView(Booking, db, name="Bookings", endpoint="partner_bookings", url="bookings"),
            PartnerSlotView(Slot, db, name="Slots", endpoint="partner_slots", url="slots")]
