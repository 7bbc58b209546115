"""Reading bookings, scoped to what the actor may see."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core.actors import Actor
from core.errors import NotFound
from core.models.bookings import Booking
from core.models.slots import Slot
from core.models.users import Role


def get_by_reference(session: Session, *, actor: Actor, reference: str) -> Booking:
    """One booking by its MZ reference; another patient's or center's booking reads as not found."""
    booking = session.scalar(
        select(Booking).where(Booking.reference == reference.strip().upper())
        .options(joinedload(Booking.slot), joinedload(Booking.center), joinedload(Booking.service))
    )
    if booking is None or not _visible(actor, booking):
        raise NotFound(f"No booking {reference.strip().upper()} found.")
    return booking


def list_for_user(session: Session, *, actor: Actor, user_id: int, limit: int = 20) -> list[Booking]:
    """A patient's bookings, newest first."""
    actor.require_owner(user_id)
    return list(session.scalars(
        select(Booking).where(Booking.user_id == user_id)
        .options(joinedload(Booking.slot), joinedload(Booking.center), joinedload(Booking.service))
        .order_by(Booking.created_at.desc()).limit(limit)
    ))


def _visible(actor: Actor, booking: Booking) -> bool:
    if actor.role is Role.PATIENT:
        return actor.user_id == booking.user_id
    if actor.role is Role.PARTNER_STAFF:
        return actor.center_id == booking.center_id
    return True


def reschedule_options(session: Session, *, booking: Booking, now: datetime, limit: int = 20) -> list[Slot]:
    """The next free slots of the same scan at the same center (what a reschedule may move to)."""
    return list(session.scalars(
        select(Slot).where(Slot.center_id == booking.center_id, Slot.service_id == booking.service_id,
                           Slot.starts_at > now, Slot.claimed < Slot.capacity, Slot.is_blocked.is_(False),
                           Slot.id != booking.slot_id)
        .order_by(Slot.starts_at, Slot.id).limit(limit)
    ))
