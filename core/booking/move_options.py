"""Where support may move a booking: the next free slots of the same scan in the same city, at any verified
center offering it, with each slot's price (a different center may charge differently)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models.bookings import Booking
from core.models.centers import Center, CenterService, VerificationStatus
from core.models.slots import Slot


@dataclass(frozen=True)
class Option:
    slot_id: int
    starts_at: datetime
    center_id: int
    center_name: str
    price_paise: int


def options(session: Session, *, booking: Booking, now: datetime, limit: int = 40) -> list[Option]:
    """Free future slots of the booking's scan in its city, soonest first (the current slot left out)."""
    rows = session.execute(
        select(Slot.id, Slot.starts_at, Center.id, Center.name, CenterService.price_paise)
        .join(Center, Center.id == Slot.center_id)
        .join(CenterService, (CenterService.center_id == Slot.center_id)
              & (CenterService.service_id == Slot.service_id) & CenterService.is_active)
        .where(Slot.service_id == booking.service_id, Center.city_id == booking.center.city_id,
               Center.verification_status == VerificationStatus.VERIFIED, Slot.starts_at > now,
               Slot.claimed < Slot.capacity, Slot.is_blocked.is_(False), Slot.id != booking.slot_id)
        .order_by(Slot.starts_at, Slot.id).limit(limit))
    return [Option(*row) for row in rows]
