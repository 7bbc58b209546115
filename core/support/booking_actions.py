"""What support does to a booking from its workspace, beyond the booking service's own transitions:
confirm for a slow center (with a reason), start a refund, and the previews
the action panel shows before a button is pressed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.booking import service
from core.clock import now_utc
from core.errors import IllegalTransition, ValidationError
from core.models.bookings import Booking
from core.models.notifications import Notification
from core.models.refunds import Refund
from core.models.users import Role
from core.payments import cancellation, refund_manager, refunds
from core.payments.config import FinanceConfig

ACTING_ROLES = (Role.SUPPORT_AGENT, Role.OPS_MANAGER)  # who may act from the workspace (core allows them)


def confirm_on_behalf(session: Session, *, actor: Actor, booking_id: int, reason: str,
                      now: datetime | None = None) -> Booking:
    """Confirm a paid booking for a center that has not answered; the reason says why support stepped in."""
    actor.require(*ACTING_ROLES)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Say why support confirms for the center (for example: the center confirmed by phone).")
    return service.confirm(session, actor=actor, booking_id=booking_id, reason=f"on behalf of the center: {reason}",
                           now=now)


def start_refund(session: Session, *, actor: Actor, booking_id: int, amount_paise: int, reason: str,
                 request_id: str, finance: FinanceConfig, now: datetime | None = None) -> Refund:
    """Refund part or all of the booking's payment; above the threshold it waits for an admin's approval."""
    actor.require_permission("booking.refund")
    payment = refund_manager.refundable_payment(session, booking_id=booking_id)
    if payment is None:
        raise IllegalTransition("Nothing on this booking can be refunded: no captured payment with money left.")
    return refunds.request(session, actor=actor, payment_id=payment.id, amount_paise=amount_paise, reason=reason,
                           idempotency_key=f"support-{request_id}", finance=finance, now=now)


def cancel_preview(session: Session, *, actor: Actor, booking: Booking, finance: FinanceConfig,
                   now: datetime | None = None) -> cancellation.Owed | None:
    """What cancelling now, as this actor, would refund (None when nothing was paid)."""
    return cancellation.owed(session, booking=booking, cancelled_by=actor.role, at=now or now_utc(), finance=finance)


def messages_about(session: Session, *, booking_id: int, limit: int = 50) -> list[Notification]:
    """Every message sent about the booking (manual or automatic), newest first, with its delivery state."""
    return list(session.scalars(select(Notification).where(Notification.booking_id == booking_id)
                                .order_by(Notification.id.desc()).limit(limit)))
