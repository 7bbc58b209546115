"""What a patient may ask about their own money: refunds of a booking and its GST invoice."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.models.bookings import Booking
from core.models.invoices import Invoice
from core.models.refunds import Refund


def refunds_for(session: Session, *, actor: Actor, booking: Booking) -> list[Refund]:
    """The booking's refunds, oldest first (patients only their own bookings')."""
    actor.require_owner(booking.user_id)
    return list(session.scalars(select(Refund).where(Refund.booking_id == booking.id).order_by(Refund.id)))


def invoice_for(session: Session, *, actor: Actor, booking: Booking) -> Invoice | None:
    """The booking's invoice, issued when its payment was captured; None before that."""
    actor.require_owner(booking.user_id)
    return session.scalar(select(Invoice).where(Invoice.booking_id == booking.id))
