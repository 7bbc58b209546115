"""The GST invoice register for filing: one row per invoice issued in a period, lines summed per invoice.

The scan is exempt (supplied by the clinical establishment); only our fee is taxable, so each row carries
the fee's SAC and tax split and, beside it, the exempt value.
"""
from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core.clock import IST
from core.insight.period import Period
from core.models.invoices import Invoice, InvoiceLine
from core.payments.money import decimal_rupees

MAX_ROWS = 100_000  # a month of invoices at today's scale many times over; beyond it, split the period


@dataclass(frozen=True)
class RegisterRow:
    number: str
    date: str  # IST date of issue, YYYY-MM-DD
    supplier_gstin: str
    recipient: str
    place_of_supply: str  # GST state code
    sac: str
    taxable_paise: int
    exempt_paise: int
    cgst_paise: int
    sgst_paise: int
    igst_paise: int
    total_paise: int


def rows(session: Session, *, period: Period) -> list[RegisterRow]:
    """Every invoice issued in the period, in number order."""
    taxable = InvoiceLine.exempt.is_(False)
    summed = (select(Invoice.number, Invoice.issued_at, Invoice.supplier_gstin, Invoice.recipient_name,
                     Invoice.place_of_supply, func.max(case((taxable, InvoiceLine.sac))),
                     func.sum(case((taxable, InvoiceLine.taxable_paise), else_=0)),
                     func.sum(case((taxable, 0), else_=InvoiceLine.total_paise)),
                     func.sum(InvoiceLine.cgst_paise), func.sum(InvoiceLine.sgst_paise),
                     func.sum(InvoiceLine.igst_paise), func.sum(InvoiceLine.total_paise))
              .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
              .where(period.contains(Invoice.issued_at))
              .group_by(Invoice.id).order_by(Invoice.number).limit(MAX_ROWS))
    return [RegisterRow(number, issued.astimezone(IST).date().isoformat(), gstin, recipient, place, sac or "",
                        *amounts) for number, issued, gstin, recipient, place, sac, *amounts in session.execute(summed)]


def csv_values(row: RegisterRow) -> list:
    """One row as the CSV carries it: amounts in rupees with two decimals."""
    return [decimal_rupees(v) if f.name.endswith("_paise") else v for f, v in zip(fields(RegisterRow), astuple(row))]


def to_csv(register: list[RegisterRow]) -> bytes:
    """The register as CSV, amounts in rupees with two decimals (what the GST portal's offline tool takes)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f.name.removesuffix("_paise") for f in fields(RegisterRow)])
    writer.writerows(csv_values(row) for row in register)
    return out.getvalue().encode()
