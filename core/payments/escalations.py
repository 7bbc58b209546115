"""Payment problems that need a person: flagged payments and failed refunds become staff tickets.

Outbox handlers (registered in wiring.topics), `handler(session, payload, c)`, idempotent: a second
delivery finds the ticket the first one opened (core.tickets.raise_for_staff keys on the subject).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from core import tickets, topics
from core.catalogue import rupees
from core.models.payments import Payment, PaymentFlag
from core.models.refunds import Refund
from core.models.tickets import TicketPriority

FLAG_WORDS = {
    PaymentFlag.LATE_SLOT_TAKEN: "paid after the slot was taken",
    PaymentFlag.DUPLICATE: "paid twice for one booking",
    PaymentFlag.BOOKING_CLOSED: "paid after the booking was cancelled",
    PaymentFlag.AMOUNT_MISMATCH: "captured amount differs from the link",
}


def on_payment_flagged(session: Session, payload: dict, c) -> None:
    """A high-priority, escalated ticket: the patient paid but has no booking for it (yet)."""
    payment = session.get(Payment, payload["payment_id"])
    flag = PaymentFlag(payload["flag"])
    booking = payment.booking
    done = "ops must decide" if flag is PaymentFlag.AMOUNT_MISMATCH else "full refund queued"
    tickets.raise_for_staff(
        session, user_id=booking.user_id, booking_id=booking.id, priority=TicketPriority.HIGH,
        subject=f"Payment {payment.id} for {booking.reference} ({rupees(payment.amount_paise)}) "
                f"{FLAG_WORDS[flag]}: {done}; tell the patient",
        escalation=f"payment {payment.id} flagged {flag.value}")


def on_refund_failed(session: Session, payload: dict, c) -> None:
    """A ticket for finance and support: the money did not go back, and the patient is waiting for it."""
    refund = session.get(Refund, payload["refund_id"])
    booking = refund.payment.booking
    tickets.raise_for_staff(
        session, user_id=booking.user_id, booking_id=booking.id, priority=TicketPriority.HIGH,
        subject=f"Refund {refund.id} of {rupees(refund.amount_paise)} for {booking.reference} failed: "
                f"{refund.failure_reason or 'no reason given'}")


SUBSCRIPTIONS = {
    topics.PAYMENT_FLAGGED: [on_payment_flagged],
    topics.REFUND_FAILED: [on_refund_failed],
}
