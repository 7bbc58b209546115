"""Settlement report lines for one center and period, as CSV and PDF."""
from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.clock import IST, ist_datetime
from core.models.bookings import Booking
from core.models.centers import Center
from core.models.payments import Payment, PaymentStatus
from core.models.payouts import Transfer, TransferStatus
from core.payments import fees
from core.payments.config import FinanceConfig
from core.payments.pdf import money, render

CAPTURED = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


@dataclass(frozen=True)
class Line:
    booking: str
    paid_on: str
    status: str
    price_paise: int
    credit_paise: int
    paid_paise: int
    fee_paise: int
    partner_share_paise: int
    refunded_paise: int
    transfer_paise: int
    reversed_paise: int
    partner_net_paise: int  # the share the partner keeps after refunds
    route_paid_paise: int  # what Route moved to the partner and was not reversed


@dataclass(frozen=True)
class Totals:
    bookings: int
    gross_paise: int
    fee_paise: int
    refund_paise: int
    partner_share_paise: int
    route_paid_paise: int

    @property
    def outstanding_paise(self) -> int:
        """Still owed to the partner outside Route (centers without a linked account, failed transfers)."""
        return self.partner_share_paise - self.route_paid_paise


def lines(session: Session, *, center_id: int, start: date, end: date, finance: FinanceConfig) -> list[Line]:
    """Every good payment captured at the center in [start, end) (IST days), oldest first."""
    query = (select(Payment).join(Booking, Booking.id == Payment.booking_id)
             .where(Booking.center_id == center_id, Payment.status.in_(CAPTURED), Payment.flag.is_(None),
                    Payment.paid_at >= ist_datetime(start, time()), Payment.paid_at < ist_datetime(end, time()))
             .options(selectinload(Payment.booking)).order_by(Payment.paid_at, Payment.id))
    transfers = _transfers(session, center_id)
    return [_line(p, transfers.get(p.id), finance) for p in session.scalars(query)]


def totals(rows: list[Line]) -> Totals:
    return Totals(len(rows), sum(r.paid_paise for r in rows), sum(r.fee_paise for r in rows),
                  sum(r.refunded_paise for r in rows), sum(r.partner_net_paise for r in rows),
                  sum(r.route_paid_paise for r in rows))


def to_csv(rows: list[Line]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f.name for f in fields(Line)])
    writer.writerows(astuple(r) for r in rows)
    return out.getvalue().encode()


def to_pdf(*, number: str, center: Center, start: date, end: date, rows: list[Line], made: datetime) -> bytes:
    t = totals(rows)
    table = [(r.booking, r.paid_on, r.status, money(r.paid_paise), money(r.fee_paise), money(r.refunded_paise),
              money(r.partner_net_paise), money(r.route_paid_paise)) for r in rows]
    return render(title="Settlement statement", wide=True, facts=[
        ("Statement number", number), ("Center", center.name), ("GSTIN", center.gstin or "not registered"),
        ("Period", f"{start:%d %b %Y} to {end:%d %b %Y} (end exclusive)"),
        ("Prepared", made.astimezone(IST).strftime("%d %b %Y %H:%M IST"))],
        columns=("Booking", "Paid on", "Status", "Paid", "Platform fee", "Refunded", "Partner net", "Paid via Route"),
        rows=table, notes=(f"Bookings: {t.bookings}", f"Collected: {money(t.gross_paise)}",
                           f"Platform fees: {money(t.fee_paise)}", f"Refunds: {money(t.refund_paise)}",
                           f"Partner share after refunds: {money(t.partner_share_paise)}",
                           f"Paid through Route: {money(t.route_paid_paise)}",
                           f"Outstanding to the partner: {money(t.outstanding_paise)}"))


def _transfers(session: Session, center_id: int) -> dict[int, Transfer]:
    return {t.payment_id: t for t in session.scalars(select(Transfer).where(Transfer.center_id == center_id))}


def _line(payment: Payment, transfer: Transfer | None, finance: FinanceConfig) -> Line:
    booking = payment.booking
    split = fees.for_booking(booking, finance)
    live = transfer is not None and transfer.status in (TransferStatus.CREATED, TransferStatus.PROCESSED)
    moved = transfer.amount_paise if live else 0
    reversed_ = transfer.reversed_paise if live else 0
    return Line(booking.reference, payment.paid_at.astimezone(IST).date().isoformat(), booking.status.value,
                split.price_paise, payment.credit_applied_paise, payment.amount_paise, split.fee_paise,
                split.partner_share_paise, payment.refunded_paise, moved, reversed_,
                max(0, split.partner_share_paise - payment.refunded_paise), moved - reversed_)
