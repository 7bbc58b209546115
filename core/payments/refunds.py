"""Refund requests: validated, reserved against the payment under a row lock, approved if large.

Two requests on one payment run one after the other (SELECT ... FOR UPDATE on the payment), each
reserving its amount in `payments.refunded_paise`, which a CHECK constraint keeps within the payment.
A retried request with the same idempotency key gets the first refund back instead of a second one.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import Actor
from core.catalogue import rupees
from core.clock import now_utc
from core.errors import Conflict, IllegalTransition, NotFound, ValidationError
from core.models.payments import Payment
from core.models.refunds import Refund, RefundKind, RefundStatus
from core.models.users import Role
from core.payments.config import FinanceConfig
from core.payments.money import check_paise

_KEY = re.compile(r"^[A-Za-z0-9:_-]{8,80}$")
SPEEDS = ("normal", "optimum")


def request(session: Session, *, actor: Actor, payment_id: int, amount_paise: int, reason: str,
            idempotency_key: str, finance: FinanceConfig, kind: RefundKind = RefundKind.MANUAL,
            speed: str = "normal", now: datetime | None = None) -> Refund:
    """Ask for a refund; it is queued at once or, above the threshold, waits for a second person's approval."""
    actor.require(Role.SUPPORT_AGENT, Role.FINANCE, Role.OPS_MANAGER, Role.SYSTEM)
    amount, reason = check_paise(amount_paise, what="refund amount"), _checked(reason, idempotency_key, speed)
    payment = lock_payment(session, payment_id)
    existing = session.scalar(select(Refund).where(Refund.idempotency_key == idempotency_key))
    if existing is not None:
        return _same_request(existing, payment.id, amount)
    if amount > payment.refundable_paise:
        raise ValidationError(f"Only {rupees(payment.refundable_paise)} of payment {payment.id} can still be "
                              f"refunded; {rupees(amount)} was asked for.")
    status = _initial_status(actor, amount, kind, finance.approval_threshold_paise)
    return _create(session, actor, payment, amount, reason, idempotency_key, kind, speed, status, now or now_utc())


def awaiting_approval(session: Session, *, actor: Actor) -> list[Refund]:
    """The approval queue: refunds above the threshold waiting for a second person, oldest first."""
    actor.require_permission("refund.approve")
    return list(session.scalars(select(Refund).where(Refund.status == RefundStatus.AWAITING_APPROVAL)
                                .order_by(Refund.created_at, Refund.id)))


def approve(session: Session, *, actor: Actor, refund_id: int) -> Refund:
    """A second person releases a refund that was above the approval threshold; the patient is told."""
    actor.require_permission("refund.approve")
    refund = _awaiting(session, refund_id, actor)
    refund.status, refund.decided_by_id = RefundStatus.QUEUED, actor.user_id
    _audit(session, actor, refund, "refund.approved", before="awaiting_approval")
    outbox.emit(session, topics.REFUND_QUEUED, refund_id=refund.id)
    outbox.emit(session, topics.REFUND_DECIDED, refund_id=refund.id, approved=True)
    return refund


def reject(session: Session, *, actor: Actor, refund_id: int, reason: str) -> Refund:
    """A second person turns a large refund down; its amount is refundable again and the patient is told why."""
    actor.require_permission("refund.approve")
    if not (reason or "").strip():
        raise ValidationError("Say why the refund is rejected.")
    refund = _awaiting(session, refund_id, actor)
    release(session, refund)
    refund.status, refund.decided_by_id, refund.failure_reason = RefundStatus.REJECTED, actor.user_id, reason.strip()
    _audit(session, actor, refund, "refund.rejected", before="awaiting_approval", reason=reason.strip())
    outbox.emit(session, topics.REFUND_DECIDED, refund_id=refund.id, approved=False)
    return refund


def lock_payment(session: Session, payment_id: int) -> Payment:
    payment = session.scalar(select(Payment).where(Payment.id == payment_id).with_for_update()
                             .execution_options(populate_existing=True))
    if payment is None:
        raise NotFound(f"Payment {payment_id} does not exist.")
    return payment


def release(session: Session, refund: Refund) -> None:
    """Give a refund's reserved amount back to the payment (rejected or failed)."""
    payment = lock_payment(session, refund.payment_id)
    payment.refunded_paise -= refund.amount_paise


def _checked(reason: str, key: str, speed: str) -> str:
    if not (reason or "").strip():
        raise ValidationError("A refund needs a reason.")
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationError("The idempotency key must be 8-80 letters, digits, ':', '_' or '-'.")
    if speed not in SPEEDS:
        raise ValidationError(f"Refund speed must be one of {', '.join(SPEEDS)}.")
    return reason.strip()


def _same_request(existing: Refund, payment_id: int, amount: int) -> Refund:
    if (existing.payment_id, existing.amount_paise) != (payment_id, amount):
        raise Conflict("This idempotency key was already used for a different refund.")
    return existing


def _create(session: Session, actor: Actor, payment: Payment, amount: int, reason: str, key: str,
            kind: RefundKind, speed: str, status: RefundStatus, now: datetime) -> Refund:
    refund = Refund(payment_id=payment.id, booking_id=payment.booking_id, amount_paise=amount, kind=kind,
                    status=status, reason=reason, idempotency_key=key, speed=speed, requested_by_id=actor.user_id,
                    requested_by_role=actor.role, created_at=now)
    payment.refunded_paise += amount
    session.add(refund)
    try:
        session.flush()
    except IntegrityError as error:  # the unique key or the CHECK on the payment caught a race
        raise Conflict("This refund was just requested by someone else; reload and check.") from error
    _audit(session, actor, refund, "refund.requested", before=None, reason=reason)
    if status is RefundStatus.QUEUED:
        outbox.emit(session, topics.REFUND_QUEUED, refund_id=refund.id)
    return refund


def _initial_status(actor: Actor, amount: int, kind: RefundKind, threshold_paise: int) -> RefundStatus:
    # Money we had no right to keep goes back at once; everything else above the line needs a second
    # person's approval, a super admin's own request included (nobody approves their own refund).
    if kind is RefundKind.CORRECTIVE:
        return RefundStatus.QUEUED
    if amount > threshold_paise:
        return RefundStatus.AWAITING_APPROVAL
    return RefundStatus.QUEUED


def _awaiting(session: Session, refund_id: int, decider: Actor) -> Refund:
    refund = session.scalar(select(Refund).where(Refund.id == refund_id).with_for_update())
    if refund is None:
        raise NotFound(f"Refund {refund_id} does not exist.")
    if refund.status is not RefundStatus.AWAITING_APPROVAL:
        raise IllegalTransition(f"Refund {refund_id} is {refund.status.value}, not awaiting approval.")
    if refund.requested_by_id is not None and refund.requested_by_id == decider.user_id:
        raise IllegalTransition("A refund needs a second person's decision, not the requester's.")
    return refund


def _audit(session: Session, actor: Actor, refund: Refund, action: str, *, before: str | None,
           reason: str | None = None) -> None:
    audit.record(session, actor=actor, action=action, entity_type="refund", entity_id=refund.id,
                 before={"status": before} if before else None,
                 after={"status": refund.status.value, "amount_paise": refund.amount_paise,
                        "payment_id": refund.payment_id, "kind": refund.kind.value}, reason=reason)
