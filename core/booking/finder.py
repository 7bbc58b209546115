"""Find bookings the way support and ops ask for them: a reference, a phone in any format, a name,
a center, a scan date. Partners only ever search their own center."""
from __future__ import annotations

import re
from datetime import date, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from core.actors import Actor
from core.clock import ist_datetime
from core.errors import ValidationError
from core.models import Booking, Slot, User
from core.models.users import Role

REFERENCE = re.compile(r"^MZ[A-Z0-9]{4,10}$")
MAX_RESULTS = 100


def find(session: Session, *, actor: Actor, text: str = "", center_id: int | None = None, on: date | None = None,
         limit: int = 50) -> list[Booking]:
    """Bookings matching every given filter, newest scan first."""
    actor.require_permission("booking.view")
    text = " ".join((text or "").replace("\x00", " ").split())[:80]  # Postgres text never holds NUL
    if not (text or center_id or on):
        raise ValidationError("Search by reference, phone, name, center or date.")
    if actor.role is Role.PARTNER_STAFF:
        center_id = actor.center_id  # whatever was asked, a partner sees their own center
    query = (select(Booking).join(Slot, Slot.id == Booking.slot_id).join(User, User.id == Booking.user_id)
             .options(joinedload(Booking.slot), joinedload(Booking.center), joinedload(Booking.service),
                      joinedload(Booking.user))
             .order_by(Slot.starts_at.desc(), Booking.id.desc()).limit(min(limit, MAX_RESULTS)))
    if text:
        query = query.where(_text_filter(text))
    if center_id is not None:
        query = query.where(Booking.center_id == center_id)
    if on is not None:
        query = query.where(Slot.starts_at >= ist_datetime(on, time.min),
                            Slot.starts_at < ist_datetime(on + timedelta(days=1), time.min))
    return list(session.scalars(query).unique())


def _text_filter(text: str):
    upper = text.upper().replace(" ", "")
    if REFERENCE.match(upper):
        return Booking.reference == upper
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 6 and len(digits) >= len(text.replace(" ", "")) - 4:  # mostly digits: a phone
        # '098765 43210', '+91-98765-43210' and '9876543210' all end in the same ten digits.
        return User.phone.like(f"%{digits[-10:]}")
    pattern = f"%{_escaped(text.lower())}%"
    return or_(func.lower(Booking.patient_name).like(pattern, escape="\\"),
               func.lower(User.name).like(pattern, escape="\\"))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
