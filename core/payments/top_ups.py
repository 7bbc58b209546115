"""A captured price-difference payment (core.booking.price_difference): the center's part of it goes by Route.

Support moved a paid booking to a dearer slot or center and the patient paid the difference on its own link.
The booking's main transfer carries the center's share of the price the booking was covered for; this
payment's transfer (one per payment, Transfer.payment_id is unique) carries the rest of the center's share of
the new price. It is held like the main one and released with it when the booking completes
(transfers.release_for_booking releases every transfer of the booking).

Invoice: the booking's GST invoice is one per booking (Invoice.booking_id is unique) and was issued at the
first capture; a supplementary invoice for the fee part of the difference needs a schema change and is not
issued here (see the branch report).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models.payments import Payment
from core.models.payouts import Transfer
from core.payments import fees, transfers
from core.payments.config import FinanceConfig


def plan_share(session: Session, *, payment: Payment, finance: FinanceConfig, now: datetime) -> Transfer | None:
    """Plan the center's share of a captured difference, once (a second call returns the first)."""
    existing = session.scalar(select(Transfer).where(Transfer.payment_id == payment.id))
    if existing is not None:
        return existing
    return transfers.plan(session, payment=payment, partner_share_paise=share_of_difference(payment, finance),
                          now=now)


def share_of_difference(payment: Payment, finance: FinanceConfig) -> int:
    """The center's share of the new price less its share of the price already covered, at its tier.

    The fee is a flat part plus a percentage of the price (core.payments.fees), so part of the difference is
    our fee and the rest is the center's; the flat part was already taken from the first payment.
    """
    booking = payment.booking
    new = fees.split(booking.price_paise, booking.center.tier, finance)
    covered = fees.split(max(booking.price_paise - payment.amount_paise, 0), booking.center.tier, finance)
    return max(0, min(new.partner_share_paise - covered.partner_share_paise, payment.amount_paise))
