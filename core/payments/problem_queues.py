"""The payment problems that wait for a person: captured payments flagged instead of confirming their
booking (paid after the slot was taken, duplicates, closed bookings, amount mismatches)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core.actors import Actor
from core.models.bookings import Booking
from core.models.payments import Payment

MAX_LISTED = 200


def flagged(session: Session, *, actor: Actor, limit: int = 100) -> list[Payment]:
    """Flagged payments, newest first, with their bookings loaded for the queue page."""
    actor.require_permission("booking.refund")
    query = (select(Payment).where(Payment.flag.is_not(None))
             .options(joinedload(Payment.booking).joinedload(Booking.center))
             .order_by(Payment.id.desc()).limit(min(max(limit, 1), MAX_LISTED)))
    return list(session.scalars(query))
