"""Send a patient the payment link of their held booking again, from any staff panel: the live link if the
booking has one, else a new one (after a failed or abandoned attempt), by WhatsApp like every manual
message (logged in the patient's conversation and audited by core.notify.manual)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.actors import Actor
from core.clock import now_utc, show
from core.errors import NotFound
from core.models.bookings import Booking
from core.models.notifications import Channel
from core.models.payments import Payment
from core.notify import manual
from core.payments import checkout
from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider


def resend_link(session: Session, *, actor: Actor, booking_id: int, provider: PaymentProvider,
                finance: FinanceConfig, now: datetime | None = None) -> Payment:
    """The payment the patient is asked for again; refused (IllegalTransition) unless the hold still lasts."""
    actor.require_permission("message.send")
    now = now or now_utc()
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(f"No booking {booking_id}.")
    actor.require_center(booking.center_id)
    payment = checkout.start_checkout(session, booking_id=booking.id, provider=provider, finance=finance, now=now)
    manual.send(session, actor=actor, channel=Channel.WHATSAPP, booking_id=booking.id,
                request_id=f"resend-{payment.id}-{int(now.timestamp())}",
                text=f"Your payment link for booking {booking.reference} ({booking.service.name}, "
                     f"{show(booking.slot.starts_at)}): {payment.link_url}")
    return payment
