"""The price side of moving a booking (core.booking.relocate): a dearer slot is charged by a payment link for
the difference, sent to the patient; a cheaper one refunds the difference from the booking's payment."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.catalogue import rupees
from core.clock import show
from core.models.bookings import Booking, BookingStatus
from core.models.notifications import Channel
from core.models.payments import Payment, PaymentStatus
from core.models.refunds import Refund, RefundKind
from core.notify import manual
from core.payments import checkout, refund_manager, refunds
from core.payments.config import FinanceConfig
from core.payments.provider import LinkRequest, PaymentProvider

S = BookingStatus
DIFFERENCE = "difference"  # Payment.purpose of a top-up link
LINK_HOURS = 24  # a difference link lasts a day, never past the scan


def retire_unpaid(session: Session, booking: Booking, provider: PaymentProvider) -> int:
    """Cancel an earlier move's unpaid difference link; returns its amount (the booking is not covered for it)."""
    unpaid = list(session.scalars(select(Payment).where(
        Payment.booking_id == booking.id, Payment.purpose == DIFFERENCE, Payment.status == PaymentStatus.CREATED)))
    for payment in unpaid:
        checkout.retire_link(session, payment, provider, reason="replaced by a later reschedule")
    return sum(p.amount_paise for p in unpaid)


def settle(session: Session, actor: Actor, booking: Booking, difference: int, reason: str, finance: FinanceConfig,
           provider: PaymentProvider, now: datetime) -> tuple[Payment | None, Refund | None]:
    """Charge (a new link) or refund the difference; a held booking just gets its link at the new price."""
    if booking.status is S.HELD:  # nothing paid yet: a live link is replaced by one at the new price
        live = session.scalar(select(func.count()).where(Payment.booking_id == booking.id,
                                                         Payment.status == PaymentStatus.CREATED))
        link = checkout.retry_checkout(session, booking_id=booking.id, provider=provider, finance=finance,
                                       now=now) if live else None
        return link, None
    if difference > 0:
        return _charge(session, actor, booking, difference, provider, now), None
    if difference < 0:
        return None, _refund(session, actor, booking, -difference, reason, finance, now)
    return None, None


def _charge(session: Session, actor: Actor, booking: Booking, amount: int, provider: PaymentProvider,
            now: datetime) -> Payment:
    expires = min(now + timedelta(hours=LINK_HOURS), booking.slot.starts_at)
    payment = Payment(booking_id=booking.id, amount_paise=amount, currency="INR", status=PaymentStatus.CREATED,
                      provider=provider.name, expires_at=expires, created_at=now, purpose=DIFFERENCE)
    session.add(payment)
    session.flush()
    link = provider.create_link(LinkRequest(
        reference_id=str(payment.id), amount_paise=amount, expire_by=expires,
        description=f"Price difference for {booking.service.name} at {booking.center.name} ({booking.reference})",
        customer_name=booking.user.name, customer_contact=booking.user.phone, customer_email=booking.user.email,
        notes={"medezy_payment_id": str(payment.id), "booking_reference": booking.reference}))
    payment.provider_link_id, payment.link_url = link.id, link.url
    audit.record(session, actor=actor, action="payment.link_created", entity_type="payment", entity_id=payment.id,
                 after={"booking_id": booking.id, "amount_paise": amount, "purpose": DIFFERENCE, "link_id": link.id})
    manual.send(session, actor=actor, channel=Channel.WHATSAPP, booking_id=booking.id,
                request_id=f"difference-{payment.id}",
                text=f"Your booking {booking.reference} moved to {booking.center.name}, "
                     f"{show(booking.slot.starts_at)}. Please pay the price difference of {rupees(amount)} "
                     f"here: {link.url}")
    return payment


def _refund(session: Session, actor: Actor, booking: Booking, amount: int, reason: str, finance: FinanceConfig,
            now: datetime) -> Refund | None:
    payment = refund_manager.refundable_payment(session, booking_id=booking.id)
    if payment is None:
        return None  # paid entirely by credit: nothing to send back to a card
    return refunds.request(session, actor=actor, payment_id=payment.id, kind=RefundKind.POLICY, finance=finance,
                           amount_paise=min(amount, payment.refundable_paise),
                           reason=f"moved to a cheaper slot: {reason}"[:500], now=now,
                           idempotency_key=f"move-{booking.id}-{booking.slot_id}-{int(now.timestamp())}")
