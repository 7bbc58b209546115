"""The refund manager's reads and the retry of a failed refund (support, ops and finance).

A failed refund already gave its amount back to the payment, so a retry is simply a new request for the
same amount, keyed by the refund it retries: two agents pressing "retry" at once create one refund.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core.actors import Actor
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.payments import Payment
from core.models.refunds import Refund, RefundStatus
from core.payments import refunds
from core.payments.config import FinanceConfig

MAX_LISTED = 200


def get_all(session: Session, *, actor: Actor, status: RefundStatus | str | None = None,
            limit: int = 100) -> list[Refund]:
    """Refunds newest first, optionally in one state (requested, awaiting approval, failed...)."""
    actor.require_permission("booking.refund")
    query = (select(Refund).options(joinedload(Refund.payment)).order_by(Refund.id.desc())
             .limit(min(max(limit, 1), MAX_LISTED)))
    if status is not None:
        try:
            query = query.where(Refund.status == RefundStatus(status))
        except ValueError:
            raise ValidationError(f"Unknown refund state {status!r}.") from None
    return list(session.scalars(query))


def retry(session: Session, *, actor: Actor, refund_id: int, finance: FinanceConfig,
          now: datetime | None = None) -> Refund:
    """Ask again for a failed refund's amount; returns the new refund (or the one a colleague just made)."""
    actor.require_permission("booking.refund")
    failed = session.get(Refund, refund_id)
    if failed is None:
        raise NotFound(f"Refund {refund_id} does not exist.")
    if failed.status is not RefundStatus.FAILED:
        raise IllegalTransition(f"Refund {refund_id} is {failed.status.value}; only a failed refund is retried.")
    return refunds.request(session, actor=actor, payment_id=failed.payment_id, amount_paise=failed.amount_paise,
                           reason=f"retry of refund {failed.id}: {failed.reason}"[:500], kind=failed.kind,
                           idempotency_key=f"retry-of-{failed.id}", finance=finance, now=now)


def refundable_payment(session: Session, *, booking_id: int) -> Payment | None:
    """The booking's first good captured payment that still has money to refund (a top-up comes later)."""
    paid = session.scalars(select(Payment).where(Payment.booking_id == booking_id, Payment.flag.is_(None))
                           .order_by(Payment.id)).all()
    return next((p for p in paid if p.refundable_paise > 0), None)
