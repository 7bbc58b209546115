"""Gap-free document numbers per series and Indian financial year (April to March, in IST).

A number looks like MZ25-26/000042 (14 characters; GST allows 16). The counter row is locked while a
number is taken, so numbers come out in commit order with no gaps and no repeats; a unique constraint
on the documents backs that up.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import IST
from core.models.invoices import InvoiceCounter

MAX_LENGTH = 16


def financial_year(moment: datetime) -> str:
    """'25-26' for any instant from 1 April 2025 00:00 IST to 31 March 2026 23:59:59 IST."""
    day = moment.astimezone(IST).date()
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start % 100:02d}-{(start + 1) % 100:02d}"


def next_number(session: Session, *, series: str, moment: datetime) -> tuple[str, int, str]:
    """(financial year, sequence, formatted number) for the next document in a series."""
    year = financial_year(moment)
    counter = _locked_counter(session, series, year)
    counter.last_seq += 1
    session.flush()
    number = f"{series}{year}/{counter.last_seq:06d}"
    if len(number) > MAX_LENGTH:
        raise OverflowError(f"document number {number} is longer than GST allows")
    return year, counter.last_seq, number


def _locked_counter(session: Session, series: str, year: str) -> InvoiceCounter:
    query = (select(InvoiceCounter).where(InvoiceCounter.series == series, InvoiceCounter.financial_year == year)
             .with_for_update().execution_options(populate_existing=True))
    counter = session.scalar(query)
    if counter is not None:
        return counter
    try:
        with session.begin_nested():  # the first document of a year: someone may create the row alongside us
            session.add(InvoiceCounter(series=series, financial_year=year, last_seq=0))
    except IntegrityError:
        pass
    return session.scalar(query)
