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
    """What cancelling a paid booking refunds, and from which of its payments (a top-up is one too)."""

    payments: tuple[Payment, ...]  # every good captured payment, the first (the booking's own) first
    decision: policy.RefundDecision  # on everything paid
    amount_paise: int  # the decision capped by what is still refundable (earlier goodwill refunds count)

    @property
    def paid_paise(self) -> int:
        """Everything the patient paid for the booking (its payment and any top-up)."""
        return sum(payment.amount_paise for payment in self.payments)

    @property
    def parts(self) -> list[tuple[Payment, int]]:
        """The amount split over the payments, newest first: a top-up comes back before the booking's payment."""
        left, parts = self.amount_paise, []
        for payment in reversed(self.payments):
            take = min(left, payment.refundable_paise)
            parts += [(payment, take)] if take > 0 else []
            left -= take
        return parts


def owed(session: Session, *, booking: Booking, cancelled_by: Role, at: datetime,
         finance: FinanceConfig) -> Owed | None:
    """The refund a cancellation at `at` would bring (None when nothing was paid); also the bot's preview."""
    payments = tuple(session.scalars(select(Payment).where(
        Payment.booking_id == booking.id, Payment.flag.is_(None),
        Payment.status.in_((PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED))).order_by(Payment.id)))
    if not payments:
        return None  # never paid; a payment that lands later is refunded on arrival (core.payments.capture)
    split = fees.for_booking(booking, finance)
    decision = policy.decide(paid_paise=sum(p.amount_paise for p in payments),
                             partner_share_paise=split.partner_share_paise, cancelled_by=cancelled_by,
                             starts_at=booking.slot.starts_at, cancelled_at=at)
    refundable = sum(p.refundable_paise for p in payments)
    return Owed(payments, decision, min(decision.amount_paise, refundable))


def refund_for(session: Session, *, booking_id: int, cancelled_by: str, finance: FinanceConfig) -> list[Refund]:
    """Refund a cancelled booking's good payments as the policy says (empty if nothing is owed)."""
    booking = session.get(Booking, booking_id)
    if booking is None:
        return []
    due = owed(session, booking=booking, cancelled_by=Role(cancelled_by), at=_cancelled_at(booking), finance=finance)
    if due is None:
        return []
    if due.amount_paise == 0:
        audit.record(session, actor=SYSTEM, action="refund.not_owed", entity_type="booking", entity_id=booking.id,
                     reason=due.decision.reason)
        return []
    return [refunds.request(session, actor=SYSTEM, payment_id=payment.id, amount_paise=amount,
                            reason=due.decision.reason, idempotency_key=refund_key(booking.id, payment),
                            kind=RefundKind.POLICY, finance=finance)
            for payment, amount in due.parts]


def refund_key(booking_id: int, payment: Payment) -> str:
    """One cancellation refund per payment; the booking's own payment keeps the key it always had."""
    return f"cancel-{booking_id}" if payment.purpose == "booking" else f"cancel-{booking_id}-payment-{payment.id}"


def refunds_of_cancellation(session: Session, *, booking_id: int) -> list[Refund]:
    """The refunds a booking's cancellation requested (one per payment it refunded)."""
    return list(session.scalars(select(Refund).where(
        Refund.booking_id == booking_id, (Refund.idempotency_key == f"cancel-{booking_id}")
        | Refund.idempotency_key.startswith(f"cancel-{booking_id}-payment-"))))


def _cancelled_at(booking: Booking) -> datetime:
    # The handler may run minutes after the cancellation; the policy looks at when it happened.
    changes = [c.at for c in booking.history if c.to_status is BookingStatus.CANCELLED]
    return changes[-1] if changes else booking.updated_at
