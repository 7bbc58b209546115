"""A center's monthly invoice downloads: the GST invoices MedEzy issued for the center's bookings in one
month (IST), as a CSV register and a PDF, for the center's own books. Another center's month reads as
missing, and so does a month without invoices."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.actors import Actor
from core.clock import IST, ist_datetime
from core.errors import NotFound
from core.models.bookings import Booking
from core.models.centers import Center
from core.models.invoices import Invoice
from core.payments.center_statements import KINDS, require_center
from core.payments.pdf import money, render

COLUMNS = ("Invoice", "Issued (IST)", "Booking", "Patient", "Taxable", "CGST", "SGST", "IGST", "Total")
CSV_HEADER = ("invoice", "issued_ist", "booking", "patient", "taxable_paise", "cgst_paise", "sgst_paise",
              "igst_paise", "total_paise")


@dataclass(frozen=True)
class Month:
    first_day: date
    invoices: int
    total_paise: int


def months(session: Session, *, actor: Actor, center_id: int, limit: int = 24) -> list[Month]:
    """The months (IST) with invoices for the center's bookings, newest first."""
    require_center(actor, center_id)
    issued = session.execute(select(Invoice.issued_at, Invoice.total_paise).where(Invoice.center_id == center_id)
                             .order_by(Invoice.issued_at.desc())).all()
    found: dict[date, list[int]] = {}
    for issued_at, total in issued:  # grouped here: IST months in SQL read differently on Postgres and SQLite
        found.setdefault(issued_at.astimezone(IST).date().replace(day=1), []).append(total)
    return [Month(day, len(totals), sum(totals)) for day, totals in list(found.items())[:limit]]


def month_file(session: Session, *, actor: Actor, center_id: int, month: date, kind: str) -> tuple[str, str, bytes]:
    """(download name, content type, bytes) of the center's invoices of `month`, as CSV or PDF."""
    require_center(actor, center_id)
    invoices = _of_month(session, center_id, month.replace(day=1))
    if not invoices or kind not in KINDS:
        raise NotFound(f"No invoices for {month:%B %Y}.")
    rows = [_row(invoice, reference) for invoice, reference in invoices]
    name = f"invoices-{session.get(Center, center_id).code}-{month:%Y-%m}.{kind}"
    data = _csv(rows) if kind == "csv" else _pdf(session.get(Center, center_id), month, rows)
    return name, KINDS[kind], data


def _of_month(session: Session, center_id: int, first: date) -> list[tuple[Invoice, str]]:
    after = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return list(session.execute(
        select(Invoice, Booking.reference).join(Booking, Booking.id == Invoice.booking_id)
        .where(Invoice.center_id == center_id, Invoice.issued_at >= ist_datetime(first, time()),
               Invoice.issued_at < ist_datetime(after, time()))
        .options(selectinload(Invoice.lines)).order_by(Invoice.issued_at, Invoice.id)).tuples())


def _row(invoice: Invoice, reference: str) -> tuple:
    lines = invoice.lines
    return (invoice.number, invoice.issued_at.astimezone(IST).strftime("%d %b %Y %H:%M"), reference,
            invoice.recipient_name, sum(x.taxable_paise for x in lines), sum(x.cgst_paise for x in lines),
            sum(x.sgst_paise for x in lines), sum(x.igst_paise for x in lines), invoice.total_paise)


def _csv(rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def _pdf(center: Center, month: date, rows: list[tuple]) -> bytes:
    table = [(*row[:4], *(money(p) for p in row[4:])) for row in rows]
    return render(title=f"Invoices for {month:%B %Y}", wide=True, columns=COLUMNS, rows=table, facts=[
        ("Center", center.name), ("GSTIN", center.gstin or "not registered"), ("Month", f"{month:%B %Y} (IST)")],
        notes=(f"Invoices: {len(rows)}", f"Invoiced in total: {money(sum(row[-1] for row in rows))}"))
