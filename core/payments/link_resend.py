"""Send a patient a payment link again, from any staff panel: an unpaid price difference after a move to a
dearer slot, else the held booking's live link (a new one after a failed or abandoned attempt), by WhatsApp
like every manual message (logged in the patient's conversation and audited by core.notify.manual)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.clock import now_utc, show
from core.booking import price_difference
from core.errors import IllegalTransition, NotFound
from core.models.bookings import Booking, BookingStatus
from core.models.notifications import Channel
from core.models.payments import Payment, PaymentStatus
from core.notify import manual
from core.payments import checkout
from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider


def resend_link(session: Session, *, actor: Actor, booking_id: int, provider: PaymentProvider,
                finance: FinanceConfig, now: datetime | None = None) -> Payment:
    """The payment the patient is asked for again; refused (IllegalTransition) when nothing is owed."""
    actor.require_permission("message.send")
    now = now or now_utc()
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(f"No booking {booking_id}.")
    actor.require_center(booking.center_id)
    payment = _unpaid_difference(session, booking.id) or _held_link(session, booking, provider, finance, now)
    manual.send(session, actor=actor, channel=Channel.WHATSAPP, booking_id=booking.id,
                request_id=f"resend-{payment.id}-{int(now.timestamp())}",
                text=f"Your payment link for booking {booking.reference} ({booking.service.name}, "
                     f"{show(booking.slot.starts_at)}): {payment.link_url}")
    return payment


def _unpaid_difference(session: Session, booking_id: int) -> Payment | None:
    return session.scalar(select(Payment).where(
        Payment.booking_id == booking_id, Payment.purpose == price_difference.DIFFERENCE,
        Payment.status == PaymentStatus.CREATED).order_by(Payment.id.desc()))


def _held_link(session: Session, booking: Booking, provider: PaymentProvider, finance: FinanceConfig,
               now: datetime) -> Payment:
    if booking.status is not BookingStatus.HELD:
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; there is no payment to ask for.")
    return checkout.start_checkout(session, booking_id=booking.id, provider=provider, finance=finance, now=now)
