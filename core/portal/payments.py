"""The patient's money: their invoices, the payments of a booking, and a new link after a failed payment."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core import audit
from core.actors import Actor
from core.errors import IllegalTransition, NotFound
from core.models.bookings import Booking, BookingStatus
from core.models.invoices import Invoice
from core.models.payments import Payment, PaymentStatus
from core.models.users import Role
from core.payments import checkout
from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider
from core.portal import bookings

_RETRYABLE = (PaymentStatus.FAILED, PaymentStatus.EXPIRED)


@dataclass(frozen=True)
class PatientInvoice:
    invoice: Invoice
    booking: Booking

    @property
    def top_up(self) -> bool:
        """A supplementary invoice: the price difference of a reschedule to a dearer scan or center."""
        return self.invoice.payment_id is not None


def invoices(session: Session, *, actor: Actor, booking_id: int | None = None) -> list[PatientInvoice]:
    """Every invoice of the patient's bookings (or of one of them), top-ups included, newest first."""
    actor.require(Role.PATIENT)
    query = _of_their_bookings(select(Invoice, Booking), actor)
    if booking_id is not None:
        query = query.where(Booking.id == booking_id)
    rows = session.execute(query.order_by(Invoice.issued_at.desc(), Invoice.id.desc()))
    return [PatientInvoice(invoice, booking) for invoice, booking in rows]


def invoice(session: Session, *, actor: Actor, invoice_id: int) -> Invoice:
    """One of the patient's invoices for download, audited; anyone else's is NotFound."""
    actor.require(Role.PATIENT)
    found = session.scalar(_of_their_bookings(select(Invoice), actor).where(Invoice.id == invoice_id)
                           .options(selectinload(Invoice.lines)))
    if found is None:
        raise NotFound(f"No invoice {invoice_id} found.")
    audit.record(session, actor=actor, action="invoice.downloaded", entity_type="invoice", entity_id=found.id,
                 after={"number": found.number})
    return found


def _of_their_bookings(query, actor: Actor):
    # A booking's own invoice names the booking; a top-up's names only its payment (the booking's one
    # invoice slot is taken), so the booking is found through that payment.
    return (query.outerjoin(Payment, Payment.id == Invoice.payment_id)
            .join(Booking, Booking.id == func.coalesce(Invoice.booking_id, Payment.booking_id))
            .where(Booking.user_id == actor.user_id))


def payments_of(session: Session, *, booking: Booking) -> list[Payment]:
    """A booking's payment attempts, oldest first (the caller has already checked the booking is theirs)."""
    return list(session.scalars(select(Payment).where(Payment.booking_id == booking.id).order_by(Payment.id)))


def can_retry(booking: Booking, attempts: list[Payment], now: datetime) -> bool:
    """A held booking whose hold still lasts and that has had a failed or lapsed attempt (its current link,
    if any, is then replaced: the one WhatsApp sent may be the one that keeps failing)."""
    return (booking.status is BookingStatus.HELD and booking.hold_expires_at is not None
            and booking.hold_expires_at > now and any(a.status in _RETRYABLE for a in attempts))


def retry(session: Session, provider: PaymentProvider, *, actor: Actor, reference: str, finance: FinanceConfig,
          now: datetime) -> Payment:
    """A new payment link for the patient's booking after a failed attempt (core checkout, as on WhatsApp)."""
    booking = bookings.get(session, actor=actor, reference=reference)
    if not can_retry(booking, payments_of(session, booking=booking), now):
        raise IllegalTransition(f"Booking {booking.reference} has no failed payment to try again; "
                                "if its hold has lapsed, please book the slot again.")
    return checkout.retry_checkout(session, booking_id=booking.id, provider=provider, finance=finance, now=now)
