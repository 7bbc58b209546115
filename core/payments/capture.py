"""What a captured, failed or expired payment does to our payment and its booking.

A capture confirms the booking (held -> pending), reviving a lapsed hold if its slot is still free.
When the booking cannot take the money (slot taken meanwhile, already paid through another link,
cancelled) the payment is flagged and refunded in full at once: we never overbook and never keep
money for nothing. Every function is idempotent, so replayed or reordered events change nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import analytics, audit, outbox, topics
from core.actors import SYSTEM
from core.booking import service as bookings
from core.booking.lifecycle import load_for_update
from core.errors import SlotUnavailable
from core.models.bookings import BookingStatus
from core.models.payments import Payment, PaymentFlag, PaymentStatus
from core.models.refunds import RefundKind
from core.payments import credits, fees, invoices, refunds, top_ups, transfers
from core.payments.config import FinanceConfig
from core.payments.refunds import lock_payment

S = BookingStatus
CAPTURED = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


def captured(session: Session, *, payment_id: int, provider_payment_id: str, amount_paise: int,
             finance: FinanceConfig, now: datetime) -> str:
    """Record a capture once and confirm the booking, or flag and refund it; returns what happened."""
    payment = _lock_booking_then_payment(session, payment_id)
    if payment.status.captured:
        same = payment.provider_payment_id == provider_payment_id
        return f"payment {payment.id} already captured" + ("" if same else f"; second capture {provider_payment_id}"
                                                               " on one link needs ops")
    before = payment.status.value
    payment.status, payment.provider_payment_id, payment.paid_at = PaymentStatus.PAID, provider_payment_id, now
    _audit(session, payment, "payment.captured", before)
    analytics.record(session, "payment_succeeded", user_id=payment.booking.user_id, booking_id=payment.booking_id,
                     payment_id=payment.id, amount_paise=payment.amount_paise)
    if amount_paise != payment.amount_paise:
        return _flag(session, payment, PaymentFlag.AMOUNT_MISMATCH, now, finance, refund=False)
    if payment.purpose == "difference":  # a reschedule's top-up: the booking is already paid for
        if payment.booking.status is S.CANCELLED:  # paid after the cancellation refunded the rest
            return _flag(session, payment, PaymentFlag.BOOKING_CLOSED, now, finance, refund=True)
        top_ups.settle(session, payment=payment, finance=finance, now=now)  # its invoice, the center's part
        return f"payment {payment.id} captured; price difference of booking {payment.booking.reference} paid"
    problem = _confirm_booking(session, payment, now)
    if problem is not None:
        return _flag(session, payment, problem, now, finance, refund=True)
    _settle_booking(session, payment, now, finance)
    return f"payment {payment.id} captured; booking {payment.booking.reference} pending"


def failed(session: Session, *, payment_id: int, reason: str, now: datetime) -> str:
    """A payment attempt failed: the patient may retry (new link) while the hold lasts."""
    payment = lock_payment(session, payment_id)
    if payment.status is not PaymentStatus.CREATED:
        return f"payment {payment.id} is {payment.status.value}; failure ignored"
    payment.status, payment.failure_reason = PaymentStatus.FAILED, (reason or "payment failed")[:500]
    _audit(session, payment, "payment.failed", "created", reason=payment.failure_reason)
    outbox.emit(session, topics.PAYMENT_FAILED, payment_id=payment.id, booking_id=payment.booking_id)
    return f"payment {payment.id} failed"


def link_expired(session: Session, *, payment_id: int, now: datetime) -> str:
    """The provider expired an unpaid link."""
    payment = lock_payment(session, payment_id)
    if payment.status not in (PaymentStatus.CREATED, PaymentStatus.FAILED):
        return f"payment {payment.id} is {payment.status.value}; expiry ignored"
    before = payment.status.value
    payment.status = PaymentStatus.EXPIRED
    _audit(session, payment, "payment.expired", before)
    return f"payment {payment.id} expired"


def _lock_booking_then_payment(session: Session, payment_id: int) -> Payment:
    # Lock order: booking, then payment. Locking the payment first deadlocked two links of one
    # booking captured at once: each transaction's inserts (analytics, audit) take a key-share lock on
    # the booking row, and each then waited for the other's to take the booking's update lock.
    booking_id = session.scalar(select(Payment.booking_id).where(Payment.id == payment_id))
    if booking_id is not None:
        load_for_update(session, booking_id)
    return lock_payment(session, payment_id)


def _confirm_booking(session: Session, payment: Payment, now: datetime) -> PaymentFlag | None:
    booking = load_for_update(session, payment.booking_id)
    if _paid_elsewhere(session, payment):
        return PaymentFlag.DUPLICATE
    if booking.status is S.CANCELLED:
        return PaymentFlag.BOOKING_CLOSED
    if booking.status not in (S.HELD, S.EXPIRED):
        return PaymentFlag.DUPLICATE
    try:
        bookings.mark_paid(session, booking_id=booking.id, now=now)
    except SlotUnavailable:
        return PaymentFlag.LATE_SLOT_TAKEN
    return None


def _paid_elsewhere(session: Session, payment: Payment) -> bool:
    other = select(Payment.id).where(Payment.booking_id == payment.booking_id, Payment.id != payment.id,
                                     Payment.status.in_(CAPTURED), Payment.flag.is_(None))
    return session.scalar(other.limit(1)) is not None


def _settle_booking(session: Session, payment: Payment, now: datetime, finance: FinanceConfig) -> None:
    booking = payment.booking
    split = fees.for_booking(booking, finance)
    credits.spend(session, user_id=booking.user_id, booking_id=booking.id,
                  amount_paise=payment.credit_applied_paise, now=now)
    invoices.issue_for_payment(session, payment=payment, split=split, finance=finance, now=now)
    transfers.plan(session, payment=payment, partner_share_paise=split.partner_share_paise, now=now)


def _flag(session: Session, payment: Payment, flag: PaymentFlag, now: datetime, finance: FinanceConfig, *,
          refund: bool) -> str:
    payment.flag = flag
    _audit(session, payment, "payment.flagged", payment.status.value, reason=flag.value)
    outbox.emit(session, topics.PAYMENT_FLAGGED, payment_id=payment.id, booking_id=payment.booking_id, flag=flag.value)
    if not refund:
        return f"payment {payment.id} flagged {flag.value}; ops must decide"
    refunds.request(session, actor=SYSTEM, payment_id=payment.id, amount_paise=payment.amount_paise,
                    reason=f"automatic full refund: {flag.value.replace('_', ' ')}",
                    idempotency_key=f"corrective-{payment.id}", kind=RefundKind.CORRECTIVE, finance=finance,
                    now=now)
    return f"payment {payment.id} flagged {flag.value}; full refund queued"


def _audit(session: Session, payment: Payment, action: str, before: str, reason: str | None = None) -> None:
    audit.record(session, actor=SYSTEM, action=action, entity_type="payment", entity_id=payment.id,
                 before={"status": before}, after={"status": payment.status.value, "amount_paise": payment.amount_paise,
                                                   "provider_payment_id": payment.provider_payment_id,
                                                   "flag": payment.flag.value if payment.flag else None},
                 reason=reason)
