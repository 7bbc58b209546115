"""How well bookings go: no-shows, holds that turn into bookings, partner SLA, report turnaround, NPS.

Each rate is a fraction in [0, 1] or None when its denominator is empty (no data is not 0%).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from core.insight.period import Period
from core.models import Booking, BookingStatus, Slot
from core.models.documents import Document, DocumentKind
from core.models.feedback import NpsResponse
from core.models.users import Role

S = BookingStatus


@dataclass(frozen=True)
class PartnerSla:
    center_id: int
    paid: int
    avg_confirm_minutes: float | None  # paid -> confirmed
    cancelled_by_center: float | None  # share of paid bookings the center cancelled
    no_show: float | None
    report_turnaround_hours: float | None  # completed -> first report uploaded
    nps: float | None


def _rate(numerator, denominator) -> float | None:
    return None if not denominator else round(numerator / denominator, 4)


def _nps(promoters: int, detractors: int, total: int) -> float | None:
    return None if not total else round(100 * (promoters - detractors) / total, 1)


def no_show_rate(session: Session, *, period: Period, center_id: int | None = None) -> float | None:
    """No-shows among scans that were due in the period (completed or no-show)."""
    due = select(func.count().filter(Booking.status == S.NO_SHOW), func.count()).join(Slot).where(
        Booking.status.in_((S.COMPLETED, S.NO_SHOW)), period.contains(Slot.starts_at))
    if center_id is not None:
        due = due.where(Booking.center_id == center_id)
    no_shows, total = session.execute(due).one()
    return _rate(no_shows, total)


def hold_to_book_rate(session: Session, *, period: Period, center_id: int | None = None) -> float | None:
    """Of the slots held in the period, the share that were paid for."""
    query = select(func.count().filter(Booking.paid_at.is_not(None)), func.count()).where(
        period.contains(Booking.created_at))
    if center_id is not None:
        query = query.where(Booking.center_id == center_id)
    paid, held = session.execute(query).one()
    return _rate(paid, held)


def nps(session: Session, *, period: Period, center_id: int | None = None) -> float | None:
    """Net Promoter Score in [-100, 100]: % promoters (9-10) minus % detractors (0-6)."""
    query = select(func.count().filter(NpsResponse.score >= 9), func.count().filter(NpsResponse.score <= 6),
                   func.count()).where(period.contains(NpsResponse.created_at))
    if center_id is not None:
        query = query.join(Booking, Booking.id == NpsResponse.booking_id).where(Booking.center_id == center_id)
    return _nps(*session.execute(query).one())


def partner_sla(session: Session, *, period: Period, center_ids: list[int] | None = None) -> list[PartnerSla]:
    """Per center, over bookings paid in the period: time to confirm, cancellations by the center,
    no-shows, report turnaround and NPS."""
    paid = select(Booking).where(period.contains(Booking.paid_at))
    if center_ids is not None:
        paid = paid.where(Booking.center_id.in_(center_ids))
    paid = paid.subquery()
    seconds = _seconds_between(session, paid.c.paid_at, paid.c.confirmed_at)
    query = (select(paid.c.center_id, func.count(), func.avg(seconds),
                    func.count().filter((paid.c.status == S.CANCELLED) & (paid.c.cancelled_by == Role.PARTNER_STAFF)),
                    func.count().filter(paid.c.status == S.NO_SHOW),
                    func.count().filter(paid.c.status.in_((S.COMPLETED, S.NO_SHOW))))
             .group_by(paid.c.center_id).order_by(paid.c.center_id))
    turnaround, scores = _report_turnaround(session, paid), _nps_by_center(session, period, paid)
    return [PartnerSla(cid, count, None if avg is None else round(float(avg) / 60, 1), _rate(cancelled, count),
                       _rate(no_shows, due), turnaround.get(cid), scores.get(cid))
            for cid, count, avg, cancelled, no_shows, due in session.execute(query)]


def _nps_by_center(session: Session, period: Period, paid) -> dict[int, float]:
    query = (select(paid.c.center_id, func.count().filter(NpsResponse.score >= 9),
                    func.count().filter(NpsResponse.score <= 6), func.count())
             .join(NpsResponse, NpsResponse.booking_id == paid.c.id)
             .where(period.contains(NpsResponse.created_at)).group_by(paid.c.center_id))
    return {cid: _nps(promoters, detractors, total) for cid, promoters, detractors, total in session.execute(query)}


def _report_turnaround(session: Session, paid) -> dict[int, float | None]:
    first_report = (select(Document.booking_id, func.min(Document.created_at).label("at"))
                    .where(Document.kind == DocumentKind.REPORT).group_by(Document.booking_id).subquery())
    seconds = _seconds_between(session, paid.c.completed_at, first_report.c.at)
    query = (select(paid.c.center_id, func.avg(seconds))
             .select_from(paid).outerjoin(first_report, first_report.c.booking_id == paid.c.id)
             .group_by(paid.c.center_id))
    return {cid: None if avg is None else round(float(avg) / 3600, 1) for cid, avg in session.execute(query)}


def _seconds_between(session: Session, start, end):
    """end - start in seconds (NULL when either is NULL), in the database's own arithmetic."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    return cast((func.julianday(end) - func.julianday(start)) * 86400.0, Float)

