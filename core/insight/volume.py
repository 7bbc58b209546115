"""Bookings over time, money collected, and the cities and services that bring them.

A booking counts on the IST day it was paid: an unpaid hold that lapsed is not a booking. Every figure is a sum
over the dashboard's daily rollup (core.insight.dashboard_rollup), which reads live the days it does not hold.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import desc, func, select
from sqlalchemy.orm import Session

from core.insight import dashboard_rollup
from core.insight.period import Period, check_grain, day_bucket
from core.models import Center, City, Service


@dataclass(frozen=True)
class Revenue:
    gmv_paise: int  # every rupee patients paid us in the period
    fees_paise: int  # our platform fee on the invoices issued in the period (GST included)
    refunds_paise: int  # refunds the provider processed in the period

    @property
    def net_paise(self) -> int:
        return self.gmv_paise - self.refunds_paise


@dataclass(frozen=True)
class Ranked:
    name: str
    bookings: int
    gmv_paise: int


def bookings_per(session: Session, *, period: Period, grain: str, center_id: int | None = None) -> list[tuple[str, int]]:
    """[(bucket start 'YYYY-MM-DD', paid bookings)] in order; empty buckets are left out."""
    check_grain(grain)
    days = _of_center(dashboard_rollup.daily(session, period=period), center_id)
    bucket = day_bucket(days.c.day, grain, session.get_bind().dialect.name).label("bucket")
    count = func.sum(days.c.bookings)
    query = select(bucket, count).group_by(bucket).having(count > 0).order_by(bucket)
    return [(start, int(n)) for start, n in session.execute(query)]


def revenue(session: Session, *, period: Period, center_id: int | None = None) -> Revenue:
    """GMV, fees and refunds of the period (optionally one center's)."""
    days = _of_center(dashboard_rollup.daily(session, period=period), center_id)
    totals = session.execute(select(*(func.coalesce(func.sum(days.c[m]), 0)
                                      for m in ("gmv_paise", "fees_paise", "refunds_paise")))).one()
    return Revenue(*(int(total) for total in totals))


def top_cities(session: Session, *, period: Period, limit: int = 10) -> list[Ranked]:
    """Cities by paid bookings in the period, with their GMV."""
    days = dashboard_rollup.daily(session, period=period)
    return _ranked(session, days, City.name, limit, days.c.center_id == Center.id, Center.city_id == City.id)


def top_services(session: Session, *, period: Period, limit: int = 10) -> list[Ranked]:
    """Scans by paid bookings in the period, with their GMV."""
    days = dashboard_rollup.daily(session, period=period, per="service")
    return _ranked(session, days, Service.name, limit, days.c.service_id == Service.id)


def _of_center(days, center_id: int | None):
    """The rows of one center when asked (the same subquery's columns, filtered)."""
    if center_id is None:
        return days
    return select(days).where(days.c.center_id == center_id).subquery()


def _ranked(session: Session, days, name, limit: int, *joins) -> list[Ranked]:
    count = func.sum(days.c.bookings).label("bookings")
    query = (select(name, count, func.coalesce(func.sum(days.c.booking_paise), 0)).where(*joins)
             .group_by(name).having(count > 0).order_by(desc(count), name).limit(limit))
    return [Ranked(name_, int(n), int(paise)) for name_, n, paise in session.execute(query)]
