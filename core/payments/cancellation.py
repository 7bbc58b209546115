"""The refund a cancelled booking is owed, per core.payments.policy, issued once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import SYSTEM
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment, PaymentStatus
from core.models.refunds import Refund, RefundKind
from core.models.users import Role
from core.payments import adapters, fees, policy, refunds


def refund_for(session: Session, *, booking_id: int, cancelled_by: str) -> Refund | None:
    """Refund the good payment of a cancelled booking as the policy says (None if nothing is owed)."""
    booking = session.get(Booking, booking_id)
    payment = session.scalar(select(Payment).where(
        Payment.booking_id == booking_id, Payment.flag.is_(None),
        Payment.status.in_((PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED))))
    if booking is None or payment is None:
        return None  # never paid; a payment that lands later is refunded on arrival (core.payments.capture)
    split = fees.for_booking(booking, adapters.config())
    decision = policy.decide(paid_paise=payment.amount_paise, partner_share_paise=split.partner_share_paise,
                             cancelled_by=Role(cancelled_by), starts_at=booking.slot.starts_at,
                             cancelled_at=_cancelled_at(booking))
    amount = min(decision.amount_paise, payment.refundable_paise)  # earlier goodwill refunds count
    if amount == 0:
        audit.record(session, actor=SYSTEM, action="refund.not_owed", entity_type="booking", entity_id=booking.id,
                     reason=decision.reason)
        return None
    return refunds.request(session, actor=SYSTEM, payment_id=payment.id, amount_paise=amount,
                           reason=decision.reason, idempotency_key=f"cancel-{booking.id}", kind=RefundKind.POLICY)


def _cancelled_at(booking: Booking) -> datetime:
    # The handler may run minutes after the cancellation; the policy looks at when it happened.
    changes = [c.at for c in booking.history if c.to_status is BookingStatus.CANCELLED]
    return changes[-1] if changes else booking.updated_at
