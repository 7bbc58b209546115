"""Patient invoices with GST: the scan (exempt, supplied by the center) and our platform fee (18%).

Place of supply is the state of the center where the scan happens; the fee is taxed as CGST + SGST
when that is our registered state and as IGST otherwise (core.payments.money has the rounding rules).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import SYSTEM, Actor
from core.errors import NotFound
from core.models.invoices import Invoice, InvoiceLine
from core.models.payments import Payment
from core.models.users import Role
from core.payments.config import FinanceConfig
from core.payments.fees import PriceSplit
from core.payments.money import split_inclusive
from core.payments.numbering import next_number

PATIENT_SERIES = "MZ"
SAC_DIAGNOSTIC_IMAGING = "999316"  # medical laboratory and diagnostic-imaging services
SAC_PLATFORM_FEE = "998599"  # other support services: booking and convenience
STAFF_ROLES = (Role.FINANCE, Role.OPS_MANAGER, Role.SUPPORT_AGENT, Role.PARTNER_STAFF)


def issue_for_payment(session: Session, *, payment: Payment, split: PriceSplit, finance: FinanceConfig,
                      now: datetime) -> Invoice:
    """The invoice for a paid booking, once (a second call returns the first)."""
    existing = session.scalar(select(Invoice).where(Invoice.booking_id == payment.booking_id))
    if existing is not None:
        return existing
    return _issue(session, payment, split, finance, now, booking_id=payment.booking_id, payment_id=None,
                  what=f"booking {payment.booking.reference}")


def issue_for_top_up(session: Session, *, payment: Payment, split: PriceSplit, finance: FinanceConfig,
                     now: datetime) -> Invoice:
    """The supplementary invoice for a reschedule's captured price difference, once per payment: `split` is
    the difference's, its exempt scan part (the center's) and the rise in our fee (with GST)."""
    existing = session.scalar(select(Invoice).where(Invoice.payment_id == payment.id))
    if existing is not None:
        return existing
    return _issue(session, payment, split, finance, now, booking_id=None, payment_id=payment.id,
                  what=f"price difference, booking {payment.booking.reference}")


def _issue(session: Session, payment: Payment, split: PriceSplit, config: FinanceConfig, now: datetime, *,
           booking_id: int | None, payment_id: int | None, what: str) -> Invoice:
    booking = payment.booking
    year, seq, number = next_number(session, series=PATIENT_SERIES, moment=now)
    place = booking.center.city.state_code
    invoice = Invoice(number=number, series=PATIENT_SERIES, financial_year=year, seq=seq, booking_id=booking_id,
                      payment_id=payment_id, user_id=booking.user_id, center_id=booking.center_id, issued_at=now,
                      supplier_name=config.legal_name, supplier_gstin=config.gstin,
                      supplier_state_code=config.state_code, recipient_name=booking.user.name,
                      place_of_supply=place, total_paise=split.price_paise,
                      credit_paise=payment.credit_applied_paise, paid_paise=payment.amount_paise)
    invoice.lines = [_scan_line(booking, split, what), _fee_line(split, intra_state=place == config.state_code)]
    session.add(invoice)
    session.flush()
    audit.record(session, actor=SYSTEM, action="invoice.issued", entity_type="invoice", entity_id=invoice.id,
                 after={"number": number, "booking_id": booking.id, "payment_id": payment.id,
                        "total_paise": invoice.total_paise})
    return invoice


def get_for(session: Session, *, actor: Actor, invoice_id: int) -> Invoice:
    """An invoice the actor may see: the patient's own, their center's for partners, any for staff."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(f"Invoice {invoice_id} does not exist.")
    if actor.role is Role.PATIENT:
        actor.require_owner(invoice.user_id)
        return invoice
    actor.require(*STAFF_ROLES)
    if actor.role is Role.PARTNER_STAFF and actor.center_id != invoice.center_id:
        raise NotFound(f"Invoice {invoice_id} does not exist.")  # another center's reads as missing
    return invoice


def _scan_line(booking, split: PriceSplit, what: str) -> InvoiceLine:
    return InvoiceLine(position=1, description=f"{booking.service.name} at {booking.center.name} "
                       f"({what}) - exempt, clinical establishment"[:200],
                       sac=SAC_DIAGNOSTIC_IMAGING, exempt=True, taxable_paise=split.partner_share_paise,
                       total_paise=split.partner_share_paise)


def _fee_line(split: PriceSplit, *, intra_state: bool) -> InvoiceLine:
    tax = split_inclusive(split.fee_paise, intra_state=intra_state)
    return InvoiceLine(position=2, description="MedEzy booking and convenience fee", sac=SAC_PLATFORM_FEE,
                       exempt=False, taxable_paise=tax.taxable, cgst_paise=tax.cgst, sgst_paise=tax.sgst,
                       igst_paise=tax.igst, total_paise=tax.total)
