"""Checkout: a payment link for a held booking, and a fresh one after a failed attempt.

The bot calls `start_checkout` right after `core.booking.service.hold`, and `retry_checkout` when the
patient's payment failed while the hold still lasts. Both run in the caller's transaction; if the
provider call fails the caller rolls back and no payment row is left behind.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import SYSTEM
from core.booking.lifecycle import load_for_update
from core.clock import now_utc, show
from core.errors import IllegalTransition
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment, PaymentStatus
from core.payments import credits, fees
from core.payments.config import FinanceConfig
from core.payments.provider import LinkRequest, PaymentProvider, ProviderError

log = logging.getLogger(__name__)
MIN_CHARGE_PAISE = 100  # Razorpay will not collect less than ₹1


def start_checkout(session: Session, *, booking_id: int, provider: PaymentProvider, finance: FinanceConfig,
                   now: datetime | None = None) -> Payment:
    """The payment link for a held booking: the live one if it has one, else a new one."""
    now = now or now_utc()
    booking = _payable_booking(session, booking_id, now)
    latest = _latest_payment(session, booking.id)
    if latest is not None and latest.status is PaymentStatus.CREATED:
        return latest
    return _issue_link(session, booking, provider, finance, now)


def retry_checkout(session: Session, *, booking_id: int, provider: PaymentProvider, finance: FinanceConfig,
                   now: datetime | None = None) -> Payment:
    """A new link after a failed (or abandoned) attempt, while the hold lasts."""
    now = now or now_utc()
    booking = _payable_booking(session, booking_id, now)
    latest = _latest_payment(session, booking.id)
    if latest is not None and latest.status is PaymentStatus.CREATED:
        retire_link(session, latest, provider, reason="replaced by a new link")
    return _issue_link(session, booking, provider, finance, now)


def retire_links_of_lapsed_hold(session: Session, *, booking_id: int, provider: PaymentProvider) -> int:
    """Cancel the unpaid links of a booking whose hold lapsed, so the patient is not asked to pay for it.

    A payment that still lands (the cancel raced it) is handled by capture: revived if the slot is free,
    refunded in full otherwise.
    """
    unpaid = session.scalars(select(Payment).where(Payment.booking_id == booking_id,
                                                   Payment.status == PaymentStatus.CREATED).with_for_update())
    retired = 0
    for payment in unpaid:
        retire_link(session, payment, provider, reason="the hold lapsed unpaid")
        retired += 1
    return retired


def _payable_booking(session: Session, booking_id: int, now: datetime) -> Booking:
    booking = load_for_update(session, booking_id)
    if booking.status is not BookingStatus.HELD:
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; only a held booking "
                                "can be paid for.")
    if booking.hold_expires_at is None or booking.hold_expires_at <= now:
        raise IllegalTransition(f"The hold on booking {booking.reference} has lapsed; please pick the slot again.",
                                code="hold_expired")
    return booking


def _latest_payment(session: Session, booking_id: int) -> Payment | None:
    query = select(Payment).where(Payment.booking_id == booking_id).order_by(Payment.id.desc()).limit(1)
    return session.scalar(query.with_for_update())


def _issue_link(session: Session, booking: Booking, provider: PaymentProvider, finance: FinanceConfig,
                now: datetime) -> Payment:
    credit = _credit_to_apply(session, booking, finance, now)
    payment = Payment(booking_id=booking.id, amount_paise=booking.price_paise - credit, currency="INR",
                      status=PaymentStatus.CREATED, provider=provider.name, expires_at=booking.hold_expires_at,
                      credit_applied_paise=credit, created_at=now)
    session.add(payment)
    session.flush()
    link = provider.create_link(_link_request(booking, payment))
    payment.provider_link_id, payment.link_url = link.id, link.url
    session.flush()
    audit.record(session, actor=SYSTEM, action="payment.link_created", entity_type="payment",
                 entity_id=payment.id, after={"booking_id": booking.id, "amount_paise": payment.amount_paise,
                                              "credit_applied_paise": credit, "link_id": link.id})
    return payment


def _credit_to_apply(session: Session, booking: Booking, finance: FinanceConfig, now: datetime) -> int:
    """Credit covers at most the platform fee, so the payment always covers the partner's share."""
    split = fees.for_booking(booking, finance)
    cap = min(split.fee_paise, booking.price_paise - MIN_CHARGE_PAISE)
    if cap <= 0:
        return 0
    return min(cap, credits.available(session, user_id=booking.user_id, booking_id=booking.id, now=now))


def _link_request(booking: Booking, payment: Payment) -> LinkRequest:
    user = booking.user
    return LinkRequest(
        reference_id=str(payment.id), amount_paise=payment.amount_paise, expire_by=booking.hold_expires_at,
        description=f"{booking.service.name} at {booking.center.name}, {show(booking.slot.starts_at)} "
                    f"({booking.reference})"[:2048],
        customer_name=user.name, customer_contact=user.phone, customer_email=user.email,
        notes={"medezy_payment_id": str(payment.id), "booking_reference": booking.reference},
    )


def retire_link(session: Session, payment: Payment, provider: PaymentProvider, *, reason: str) -> None:
    """Cancel an unpaid link at the provider and mark its payment expired (audited)."""
    # If the old link is paid anyway before the cancel lands, capture treats it as a duplicate
    # and refunds it, so a failed cancel here is not fatal.
    try:
        provider.cancel_link(payment.provider_link_id or "")
    except ProviderError:
        log.warning("could not cancel link %s of payment %s", payment.provider_link_id, payment.id, exc_info=True)
    payment.status, payment.failure_reason = PaymentStatus.EXPIRED, reason
    audit.record(session, actor=SYSTEM, action="payment.link_retired", entity_type="payment",
                 entity_id=payment.id, before={"status": "created"}, after={"status": "expired"}, reason=reason)
