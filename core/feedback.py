"""Patient feedback: the 0-10 Net Promoter Score asked after a completed scan."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import analytics
from core.actors import Actor
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.bookings import Booking, BookingStatus
from core.models.feedback import NpsResponse
from core.models.users import Role


def record_nps(session: Session, *, actor: Actor, booking_id: int, score: int,
               comment: str | None = None) -> NpsResponse:
    """Record the patient's 0-10 score for a completed booking; answering again keeps the first answer."""
    actor.require(Role.PATIENT, Role.SYSTEM)
    score = _checked_score(score)
    booking = session.get(Booking, booking_id)
    if booking is None or (actor.role is Role.PATIENT and actor.user_id != booking.user_id):
        raise NotFound(f"No booking {booking_id} found.")
    if booking.status is not BookingStatus.COMPLETED:
        raise IllegalTransition(f"Booking {booking.reference} is not completed yet; feedback comes after the scan.")
    existing = _for_booking(session, booking_id)
    if existing is not None:
        return existing
    response = NpsResponse(booking_id=booking_id, user_id=booking.user_id, score=score,
                           comment=(comment or "").strip()[:2000] or None)
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        return _for_booking(session, booking_id)  # a concurrent answer got there first
    analytics.record(session, "nps_submitted", user_id=booking.user_id, booking_id=booking_id, score=score)
    return response


def _checked_score(score: object) -> int:
    # Accepts 7 and "7" (what the bot extracted); rejects 7.5, "seven", True and anything out of range.
    text = str(score).strip()
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise ValidationError("Please answer with a number from 0 to 10.")
    return int(text)


def _for_booking(session: Session, booking_id: int) -> NpsResponse | None:
    return session.scalar(select(NpsResponse).where(NpsResponse.booking_id == booking_id))
