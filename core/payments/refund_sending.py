"""Sending queued refunds to the provider, and the provider's confirmations coming back.

Sending runs as an outbox job after the request committed. If the partner's share was already
transferred, the transfer is reversed first, in its own step (its own commit), so a later refund
failure never loses the record of money that moved. The refund call carries an idempotency key,
so a retried job cannot refund twice.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import analytics, audit, outbox, topics
from core.actors import SYSTEM
from core.clock import now_utc
from core.models.payments import PaymentStatus
from core.models.refunds import Refund, RefundKind, RefundStatus
from core.payments import credits, transfers
from core.payments.provider import PaymentProvider, ProviderError
from core.payments.refunds import lock_payment, release


def send(session: Session, *, refund_id: int, provider: PaymentProvider, now: datetime | None = None) -> Refund:
    """Send one queued refund (reversing the partner transfer first if needed); safe to run twice."""
    now = now or now_utc()
    refund = _lock(session, refund_id)
    if refund is None or refund.status is not RefundStatus.QUEUED:
        return refund
    if transfers.reverse_for_refund(session, refund=refund, provider=provider, now=now):
        outbox.emit(session, topics.REFUND_QUEUED, refund_id=refund.id)  # the refund itself goes next, after commit
        return refund
    try:
        answer = provider.refund(payment_id=refund.payment.provider_payment_id, amount_paise=refund.amount_paise,
                                 idempotency_key=f"medezy-refund-{refund.id}", speed=refund.speed,
                                 notes={"medezy_refund_id": str(refund.id)})
    except ProviderError as error:
        if error.retryable:
            raise  # the outbox message stays undelivered and the sweep sends it again
        return _fail(session, refund, str(error), now)
    refund.provider_refund_id, refund.status, refund.sent_at = answer.id, RefundStatus.PENDING, now
    _audit(session, refund, "refund.sent", before="queued")
    if answer.status == "processed":
        _processed(session, refund, now)
    return refund


def confirm(session: Session, *, provider_refund_id: str, refund_id: str | None, processed: bool,
            reason: str | None = None, now: datetime | None = None) -> str:
    """Apply refund.processed / refund.failed, whatever order it arrives in; returns what happened."""
    refund = _find(session, provider_refund_id, refund_id)
    if refund is None:
        return f"refund {provider_refund_id} is not ours; nothing to do"
    if refund.status in (RefundStatus.PROCESSED, RefundStatus.FAILED, RefundStatus.REJECTED):
        return f"refund {refund.id} already {refund.status.value}"
    refund.provider_refund_id = refund.provider_refund_id or provider_refund_id
    if processed:
        _processed(session, refund, now or now_utc())
        return f"refund {refund.id} processed"
    _fail(session, refund, reason or "the provider could not process the refund", now or now_utc())
    return f"refund {refund.id} failed"


def _processed(session: Session, refund: Refund, now: datetime) -> None:
    before = refund.status.value
    refund.status, refund.processed_at = RefundStatus.PROCESSED, now
    payment = lock_payment(session, refund.payment_id)
    done = session.scalar(select(func.sum(Refund.amount_paise)).where(
        Refund.payment_id == payment.id, Refund.status == RefundStatus.PROCESSED))
    fully = done == payment.amount_paise
    payment.status = PaymentStatus.REFUNDED if fully else PaymentStatus.PARTIALLY_REFUNDED
    if fully and payment.flag is None:
        credits.restore(session, user_id=payment.booking.user_id, booking_id=payment.booking_id, now=now)
    _audit(session, refund, "refund.processed", before=before)
    if refund.kind is RefundKind.POLICY:
        outbox.emit(session, topics.POLICY_REFUND_PROCESSED, booking_id=refund.booking_id)
    outbox.emit(session, topics.REFUND_ISSUED, refund_id=refund.id, booking_id=refund.booking_id)  # tell the patient
    analytics.record(session, "refund_processed", user_id=payment.booking.user_id, booking_id=payment.booking_id,
                     refund_id=refund.id, amount_paise=refund.amount_paise, kind=refund.kind.value)


def _fail(session: Session, refund: Refund, reason: str, now: datetime) -> Refund:
    before = refund.status.value
    release(session, refund)
    refund.status, refund.failure_reason = RefundStatus.FAILED, reason[:500]
    _audit(session, refund, "refund.failed", before=before, reason=reason)
    outbox.emit(session, topics.REFUND_FAILED, refund_id=refund.id)  # ops follow up by hand
    return refund


def _lock(session: Session, refund_id: int) -> Refund | None:
    return session.scalar(select(Refund).where(Refund.id == refund_id).with_for_update()
                          .execution_options(populate_existing=True))


def _find(session: Session, provider_refund_id: str, refund_id: str | None) -> Refund | None:
    found = session.scalar(select(Refund.id).where(Refund.provider_refund_id == provider_refund_id))
    if found is None and refund_id and refund_id.isdigit():
        found = int(refund_id)  # our id travels in the refund's notes, for confirmations that beat our commit
    return _lock(session, found) if found is not None else None


def _audit(session: Session, refund: Refund, action: str, *, before: str, reason: str | None = None) -> None:
    audit.record(session, actor=SYSTEM, action=action, entity_type="refund", entity_id=refund.id,
                 before={"status": before}, after={"status": refund.status.value,
                                                   "provider_refund_id": refund.provider_refund_id}, reason=reason)
