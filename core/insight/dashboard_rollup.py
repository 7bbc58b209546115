"""The dashboard's rollup: its figures per closed IST day and center, and per day and scan (dashboard_days), so
a period reads a few rows a day instead of every booking, payment, invoice line and refund in it.

`daily` is what the figures read: rolled-up rows for the closed days the rollup holds, and the same aggregate
computed live for the rest (today, days not rolled up yet, and days a database trigger marked stale because a
late change touched them: a late capture, a refund, an invoice line, a booking moved to another center).
`advance` (the worker's minute sweep) rolls up the days that closed and re-rolls the stale ones. On SQLite (no
triggers, small data) every day is read live.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, and_, delete, false, func, insert, literal, or_, select, true, union_all
from sqlalchemy.orm import Session

from core.clock import IST, ist_datetime
from core.insight.period import Period, ist_day
from core.models import Booking, DashboardDay, DashboardStaleDay, DashboardWatermark, Payment
from core.models.invoices import Invoice, InvoiceLine
from core.models.payments import PaymentStatus
from core.models.refunds import Refund, RefundStatus

CAPTURED = (PaymentStatus.PAID, PaymentStatus.REFUNDED, PaymentStatus.PARTIALLY_REFUNDED)
PER = ("center", "service")
MEASURES = ("bookings", "booking_paise", "gmv_paise", "fees_paise", "refunds_paise")
Days = list[tuple[date | None, date]]  # IST days [start, end); None: since the beginning


def daily(session: Session, *, period: Period, per: str = "center"):
    """The period's figures per day and center (every measure; service_id 0) or per day and scan (bookings
    only; center_id 0), as a subquery (columns: day, center_id, service_id and MEASURES); sum its rows."""
    if session.get_bind().dialect.name != "postgresql":
        return _aggregate(session, [(period.start, period.end)], per).subquery()
    rolled, stale = _state(session, period)
    held = [d for d in _days(period.start, min(period.end, _after(rolled))) if d not in stale]
    live = _merged(set(_days(period.start, period.end)) - set(held))
    kind = DashboardDay.service_id == 0 if per == "center" else DashboardDay.service_id != 0
    parts = [select(DashboardDay.day, DashboardDay.center_id, DashboardDay.service_id,
                    *(getattr(DashboardDay, m) for m in MEASURES)).where(kind, _among(DashboardDay.day, _merged(held)))]
    if live:
        parts.append(_aggregate(session, live, per))
    return union_all(*parts).subquery()


def advance(session: Session, *, today: date | None = None) -> date | None:
    """Roll up the days closed since the last advance and re-roll the stale ones; returns the last day rolled
    up. Never commits; the watermark row is locked so two advances take turns."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    mark = session.scalar(select(DashboardWatermark).where(DashboardWatermark.id == 1).with_for_update())
    closed = (today or datetime.now(IST).date()) - timedelta(days=1)
    marks = session.execute(select(DashboardStaleDay.id, DashboardStaleDay.day)).all()
    days = _to_roll(mark.rolled_through, closed, {day for _, day in marks})
    if days:
        session.execute(delete(DashboardDay).where(_among(DashboardDay.day, days)))
        for per in PER:
            session.execute(insert(DashboardDay).from_select(["day", "center_id", "service_id", *MEASURES],
                                                              _aggregate(session, days, per)))
    if marks:  # only the marks read above: a change committed meanwhile keeps its own for the next advance
        session.execute(delete(DashboardStaleDay).where(DashboardStaleDay.id.in_([i for i, _ in marks])))
    mark.rolled_through = max(closed, mark.rolled_through or closed)
    session.flush()
    return mark.rolled_through


def _to_roll(rolled: date | None, closed: date, stale: set[date]) -> Days:
    """The first fill rolls everything up to `closed`; later ones the newly closed days and the stale ones."""
    if rolled is None:
        return [(None, closed + timedelta(days=1))]
    days = {d for d in stale if d <= rolled} | set(_days(rolled + timedelta(days=1), closed + timedelta(days=1)))
    return _merged(days)


def _state(session: Session, period: Period) -> tuple[date | None, set[date]]:
    rolled = session.scalar(select(DashboardWatermark.rolled_through).where(DashboardWatermark.id == 1))
    stale = session.scalars(select(DashboardStaleDay.day).distinct().where(
        DashboardStaleDay.day >= period.start, DashboardStaleDay.day < period.end))
    return rolled, set(stale)


def _aggregate(session: Session, days: Days, per: str):
    """The figures of `days` straight from bookings, payments, invoices and refunds, per day and center (money
    included) or per day and scan (bookings only)."""
    dialect = session.get_bind().dialect.name
    paid_on = ist_day(Booking.paid_at, dialect)
    counted = dict(bookings=func.count(), booking_paise=func.sum(Booking.price_paise))
    if per == "service":
        return _part(paid_on, service=Booking.service_id, **counted).where(_during(Booking.paid_at, days))
    bookings = _part(paid_on, Booking.center_id, **counted).where(_during(Booking.paid_at, days))
    gmv = (_part(ist_day(Payment.paid_at, dialect), Booking.center_id, gmv_paise=func.sum(Payment.amount_paise))
           .join(Booking, Booking.id == Payment.booking_id)
           .where(Payment.status.in_(CAPTURED), _during(Payment.paid_at, days)))
    fees = (_part(ist_day(Invoice.issued_at, dialect), func.coalesce(Invoice.center_id, 0),
                  fees_paise=func.sum(InvoiceLine.total_paise))
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(InvoiceLine.exempt.is_(False), _during(Invoice.issued_at, days)))
    refunds = (_part(ist_day(Refund.processed_at, dialect), Booking.center_id,
                     refunds_paise=func.sum(Refund.amount_paise))
               .join(Booking, Booking.id == Refund.booking_id)
               .where(Refund.status == RefundStatus.PROCESSED, _during(Refund.processed_at, days)))
    rows = union_all(bookings, gmv, fees, refunds).subquery()
    return (select(rows.c.day, rows.c.center_id, rows.c.service_id, *(func.sum(rows.c[m]).label(m) for m in MEASURES))
            .group_by(rows.c.day, rows.c.center_id, rows.c.service_id))


def _part(day, center=None, service=None, **measures):
    """One source's rows per day and center or scan (the other 0), its measures given, the others 0."""
    center, service = (literal(0, Integer) if key is None else key for key in (center, service))
    keys = (day.label("day"), center.label("center_id"), service.label("service_id"))
    values = (measures.get(m, literal(0, Integer)).label(m) for m in MEASURES)
    return select(*keys, *values).group_by(*(key.element for key in keys))


def _during(column, days: Days):
    """The instants of `days` as UTC ranges, so the source tables' time indexes serve the live part."""
    return or_(false(), *(and_(column >= ist_datetime(start, time.min) if start else true(),
                               column < ist_datetime(end, time.min)) for start, end in days))


def _among(column, days: Days):
    return or_(false(), *(and_(column >= start if start else true(), column < end) for start, end in days))


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days)]


def _after(rolled: date | None) -> date:
    return rolled + timedelta(days=1) if rolled else date.min


def _merged(days) -> Days:
    """Single days as as few [start, end) ranges as they make."""
    ranges: Days = []
    for day in sorted(days):
        if ranges and ranges[-1][1] == day:
            ranges[-1] = (ranges[-1][0], day + timedelta(days=1))
        else:
            ranges.append((day, day + timedelta(days=1)))
    return ranges
