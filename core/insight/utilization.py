"""Slot utilization per center and scan: free, held, booked and blocked capacity, by day or week, and a
weekday × hour heatmap of how full the slots were."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.orm import Session

from core.insight.period import Period, bucket
from core.models import Booking, BookingStatus, Center, Service, Slot

BOOKED = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.COMPLETED, BookingStatus.NO_SHOW)
PAGE_SIZE = 50  # rows of the table per page; a phone shows each row as a card


@dataclass(frozen=True)
class Utilization:
    bucket: str
    center_id: int
    service_id: int
    capacity: int
    booked: int
    held: int
    blocked: int  # capacity of blocked slots (not offered)

    @property
    def free(self) -> int:
        return max(self.capacity - self.blocked - self.booked - self.held, 0)

    @property
    def rate(self) -> float | None:
        offered = self.capacity - self.blocked
        return None if offered <= 0 else round(self.booked / offered, 4)


def by_bucket(session: Session, *, period: Period, grain: str = "day",
              center_id: int | None = None) -> list[Utilization]:
    """Capacity and its use for slots starting in the period, per bucket, center and scan."""
    return _grouped(session, _bucket(session, grain), period, center_id)


def by_center_service(session: Session, *, period: Period, center_id: int | None = None) -> list[Utilization]:
    """The whole period's capacity and its use per center and scan (bucket: the period's first day)."""
    return _grouped(session, None, period, center_id, label=period.start.isoformat())


def page(session: Session, *, period: Period, grain: str | None = None, center_id: int | None = None,
         number: int = 1, size: int = PAGE_SIZE) -> tuple[list[Utilization], bool]:
    """One page of the table, by bucket, center name and scan name; and whether another page follows."""
    when = _bucket(session, grain) if grain else None
    keys = [] if when is None else [when]
    names = [Center.name, Service.name, Slot.center_id, Slot.service_id]
    query = (_totals(keys, names, period, center_id).join(Center, Center.id == Slot.center_id)
             .join(Service, Service.id == Slot.service_id)
             .order_by(*keys, *names).offset((number - 1) * size).limit(size + 1))
    rows = [row[:len(keys)] + row[len(keys) + 2:] for row in session.execute(query)]  # names only sort
    found = [Utilization(*row) if when is not None else Utilization(period.start.isoformat(), *row) for row in rows]
    return found[:size], len(found) > size


def busiest_center(session: Session, *, period: Period) -> int | None:
    """The center with the most bookings on slots starting in the period (the heatmap's default)."""
    counts = _booking_counts().subquery()
    return session.scalar(select(Slot.center_id).outerjoin(counts, counts.c.slot_id == Slot.id)
                          .where(period.contains(Slot.starts_at)).group_by(Slot.center_id)
                          .order_by(func.sum(func.coalesce(counts.c.booked, 0)).desc(), Slot.center_id).limit(1))


def _bucket(session: Session, grain: str):
    return bucket(Slot.starts_at, grain, session.get_bind().dialect.name).label("bucket")


def _grouped(session: Session, when, period: Period, center_id: int | None, label: str = "") -> list[Utilization]:
    keys = [Slot.center_id, Slot.service_id] if when is None else [when, Slot.center_id, Slot.service_id]
    rows = session.execute(_totals(keys, [], period, center_id).order_by(*keys))
    return [Utilization(*row) if when is not None else Utilization(label, *row) for row in rows]


def _totals(keys: list, names: list, period: Period, center_id: int | None):
    """Capacity, booked, held and blocked summed over the slots starting in the period, per `keys + names`."""
    counts = _booking_counts().subquery()
    query = (select(*keys, *names, func.sum(Slot.capacity),
                    func.sum(func.coalesce(counts.c.booked, 0)), func.sum(func.coalesce(counts.c.held, 0)),
                    func.sum(case((Slot.is_blocked, Slot.capacity), else_=0)))
             .outerjoin(counts, counts.c.slot_id == Slot.id)
             .where(period.contains(Slot.starts_at)).group_by(*keys, *names))
    return query if center_id is None else query.where(Slot.center_id == center_id)


def heatmap(session: Session, *, period: Period, center_id: int) -> dict[tuple[int, int], float]:
    """{(ISO weekday 1-7, IST hour): booked share of offered capacity} for one center."""
    counts = _booking_counts().subquery()
    weekday, hour = _weekday_hour(session)
    query = (select(weekday, hour, func.sum(func.coalesce(counts.c.booked, 0)),
                    func.sum(case((Slot.is_blocked, 0), else_=Slot.capacity)))
             .outerjoin(counts, counts.c.slot_id == Slot.id)
             .where(period.contains(Slot.starts_at), Slot.center_id == center_id).group_by(weekday, hour))
    return {(int(d), int(h)): round(booked / offered, 4) for d, h, booked, offered in session.execute(query) if offered}


def _booking_counts():
    return (select(Booking.slot_id, func.count().filter(Booking.status.in_(BOOKED)).label("booked"),
                   func.count().filter(Booking.status == BookingStatus.HELD).label("held"))
            .group_by(Booking.slot_id))


def _weekday_hour(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        local = func.timezone("Asia/Kolkata", Slot.starts_at)
        return func.extract("isodow", local).label("weekday"), func.extract("hour", local).label("hour")
    shifted = func.datetime(Slot.starts_at, "+330 minutes")  # SQLite: %w counts Sunday as 0
    day = cast(func.strftime("%w", shifted), Integer)
    return case((day == 0, 7), else_=day).label("weekday"), cast(func.strftime("%H", shifted), Integer).label("hour")
