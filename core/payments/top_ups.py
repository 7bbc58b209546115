"""A captured price-difference payment (core.booking.price_difference): its invoice and the center's transfer.

Support moved a paid booking to a dearer slot or center and the patient paid the difference on its own link.
The fee is a percentage of the price plus a flat part (core.payments.fees), so the difference splits like a
price: the rise in our fee, and the rest, which is the center's. So the payment gets
- a supplementary GST invoice of its own (invoices.issue_for_top_up: the booking's invoice is one per booking
  and already issued): the center's part as the exempt scan line, the rise in our fee as the taxed fee line.
  With a flat-only fee the fee line is zero and the invoice is simply the patient's receipt for the extra money;
- a held Route transfer of the center's part (one per payment: Transfer.payment_id is unique), released with
  the booking's main transfer when the booking completes (transfers.release_for_booking releases them all).
Both are made once: a redelivered capture never reaches here (capture.captured), and each step checks anyway.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models.payments import Payment
from core.models.payouts import Transfer
from core.payments import fees, invoices, transfers
from core.payments.config import FinanceConfig
from core.payments.fees import PriceSplit


def settle(session: Session, *, payment: Payment, finance: FinanceConfig, now: datetime) -> Transfer | None:
    """Invoice a captured difference and plan the center's part of it, once; returns its transfer."""
    split = split_of_difference(payment, finance)
    invoices.issue_for_top_up(session, payment=payment, split=split, finance=finance, now=now)
    existing = session.scalar(select(Transfer).where(Transfer.payment_id == payment.id))
    if existing is not None:
        return existing
    return transfers.plan(session, payment=payment, partner_share_paise=split.partner_share_paise, now=now)


def split_of_difference(payment: Payment, finance: FinanceConfig) -> PriceSplit:
    """The split of the new price less the split of the price already covered, at the booking's center's tier."""
    booking, amount = payment.booking, payment.amount_paise
    new = fees.split(booking.price_paise, booking.center.tier, finance)
    covered = fees.split(max(booking.price_paise - amount, 0), booking.center.tier, finance)
    share = max(0, min(new.partner_share_paise - covered.partner_share_paise, amount))
    return PriceSplit(amount, amount - share, share)
