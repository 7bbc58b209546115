"""The refund a cancelled booking is owed, per core.payments.policy, issued once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import SYSTEM
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment, PaymentStatus
from core.models.refunds import Refund, RefundKind
from core.models.users import Role
from core.payments import fees, policy, refunds
from core.payments.config import FinanceConfig


@dataclass(frozen=True)
class Owed:
    """What cancelling a paid booking refunds, and from which payment."""

    payment: Payment
    decision: policy.RefundDecision
    amount_paise: int  # the decision capped by what is still refundable (earlier goodwill refunds count)


def owed(session: Session, *, booking: Booking, cancelled_by: Role, at: datetime,
         finance: FinanceConfig) -> Owed | None:
    """The refund a cancellation at `at` would bring (None when nothing was paid); also the bot's preview."""
    payment = session.scalar(select(Payment).where(
        Payment.booking_id == booking.id, Payment.flag.is_(None),
        Payment.status.in_((PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED))))
    if payment is None:
        return None  # never paid; a payment that lands later is refunded on arrival (core.payments.capture)
    split = fees.for_booking(booking, finance)
    decision = policy.decide(paid_paise=payment.amount_paise, partner_share_paise=split.partner_share_paise,
                             cancelled_by=cancelled_by, starts_at=booking.slot.starts_at, cancelled_at=at)
    return Owed(payment, decision, min(decision.amount_paise, payment.refundable_paise))


def refund_for(session: Session, *, booking_id: int, cancelled_by: str, finance: FinanceConfig) -> Refund | None:
    """Refund the good payment of a cancelled booking as the policy says (None if nothing is owed)."""
    booking = session.get(Booking, booking_id)
    if booking is None:
        return None
    due = owed(session, booking=booking, cancelled_by=Role(cancelled_by), at=_cancelled_at(booking), finance=finance)
    if due is None:
        return None
    if due.amount_paise == 0:
        audit.record(session, actor=SYSTEM, action="refund.not_owed", entity_type="booking", entity_id=booking.id,
                     reason=due.decision.reason)
        return None
    return refunds.request(session, actor=SYSTEM, payment_id=due.payment.id, amount_paise=due.amount_paise,
                           reason=due.decision.reason, idempotency_key=f"cancel-{booking.id}", kind=RefundKind.POLICY,
                           finance=finance)


def _cancelled_at(booking: Booking) -> datetime:
    # The handler may run minutes after the cancellation; the policy looks at when it happened.
    changes = [c.at for c in booking.history if c.to_status is BookingStatus.CANCELLED]
    return changes[-1] if changes else booking.updated_at
