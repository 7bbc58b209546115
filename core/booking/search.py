"""Availability search: the next free slots for a service in a city, cheapest reads first.

A slot is free when `claimed < capacity`, or when some of its claims are holds that already lapsed
(they are expired lazily by the next claimer or the sweep, and must never hide a slot meanwhile).
The full address stays hidden until a booking is confirmed: results carry the area only.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session

from core import analytics
from core.clock import IST, ist_datetime, now_utc
from core.errors import ValidationError
from core.models.bookings import Booking, BookingStatus
from core.models.centers import Center, CenterService, VerificationStatus
from core.models.services import Service
from core.models.slots import Slot

BOOKING_LEAD = timedelta(minutes=30)  # nobody can reach a center in less
MAX_RANGE_DAYS = 31


@dataclass(frozen=True)
class SlotOption:
    slot_id: int
    center_id: int
    center_name: str
    area: str
    starts_at: datetime
    price_paise: int
    distance_km: float | None = None


@dataclass(frozen=True)
class SearchQuery:
    service_id: int
    city_id: int
    date_from: date | None = None  # India dates, inclusive
    date_to: date | None = None
    day_window: tuple[time, time] | None = None  # e.g. evening = (17:00, 21:00), India time
    area: str | None = None
    radius_km: float = 8.0
    limit: int = 5
    per_center: int = 2  # variety: do not fill the list from one center


_slots, _centers = Slot.__table__, Center.__table__
_offers, _services, _bookings = CenterService.__table__, Service.__table__, Booking.__table__

# Built once: a Core select of the columns the options need (no ORM entities, so no identity map or
# autoflush), whose compiled form SQLAlchemy caches. Area and day-window searches add a clause to it.
_SEARCH = (
    select(_slots.c.id, _slots.c.center_id, _slots.c.starts_at, _centers.c.name, _centers.c.area,
           _offers.c.price_paise)
    .join(_centers, _centers.c.id == _slots.c.center_id)
    .join(_offers, and_(_offers.c.center_id == _slots.c.center_id, _offers.c.service_id == _slots.c.service_id))
    .join(_services, _services.c.id == _slots.c.service_id)
    .where(_slots.c.service_id == bindparam("service_id"), _slots.c.city_id == bindparam("city_id"),
           _slots.c.is_blocked.is_(False),
           or_(_slots.c.claimed < _slots.c.capacity, exists().where(
               _bookings.c.slot_id == _slots.c.id, _bookings.c.status == BookingStatus.HELD,
               _bookings.c.hold_expires_at <= bindparam("now"))),
           _offers.c.is_active, _services.c.is_active,
           _centers.c.verification_status == VerificationStatus.VERIFIED,
           _slots.c.starts_at.between(bindparam("starts_from"), bindparam("starts_to")))
    .order_by(_slots.c.starts_at, _slots.c.id)
    .limit(bindparam("rows"))
)


def find_slots(session: Session, query: SearchQuery, *, user_id: int | None = None,
               now: datetime | None = None) -> list[SlotOption]:
    """Next free slots matching the query, ordered by start time."""
    now = now or now_utc()
    nearby = _centers_near(session, query) if query.area else None
    session.flush()  # a Core select does not autoflush: changes this session made must be visible
    statement, params = _slot_query(query, nearby, now)
    options = _diversify(session.execute(statement, params).all(), query, nearby)
    # Queued, not added: it is written at commit in one INSERT, so the search itself is one query.
    analytics.record_at_commit(session, "slot_checked", user_id=user_id, service_id=query.service_id,
                               city_id=query.city_id, area=query.area, results=len(options))
    return options


def _slot_query(query: SearchQuery, nearby: dict[int, float] | None, now: datetime):
    earliest = now + BOOKING_LEAD
    first = query.date_from or earliest.astimezone(IST).date()
    last = query.date_to or first + timedelta(days=MAX_RANGE_DAYS - 1)
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise ValidationError(f"Search at most {MAX_RANGE_DAYS} days at a time, start before end.")
    statement = _SEARCH
    if query.day_window is not None:
        start, end = query.day_window
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        statement = statement.where(or_(*(_slots.c.starts_at.between(ist_datetime(d, start), ist_datetime(d, end))
                                          for d in days)))
    if nearby is not None:
        statement = statement.where(_slots.c.center_id.in_(nearby))
    # One contiguous range keeps the index scan simple; day windows only narrow it.
    return statement, {"service_id": query.service_id, "city_id": query.city_id, "now": now,
                       "starts_from": max(earliest, ist_datetime(first, time(0))), "starts_to": _day_end(last),
                       "rows": query.limit * 10}


def _day_end(day: date) -> datetime:
    return ist_datetime(day + timedelta(days=1), time(0)) - timedelta(microseconds=1)


def _centers_near(session: Session, query: SearchQuery) -> dict[int, float]:
    centers = session.execute(
        select(Center.id, Center.area, Center.latitude, Center.longitude).where(Center.city_id == query.city_id)
    ).all()
    in_area = [c for c in centers if c.area.lower() == query.area.strip().lower()]
    if not in_area:
        known = ", ".join(sorted({c.area for c in centers})[:12])
        raise ValidationError(f"We don't have centers in '{query.area}' yet. Areas we cover: {known}.")
    lat = sum(c.latitude for c in in_area) / len(in_area)
    lon = sum(c.longitude for c in in_area) / len(in_area)
    distances = {c.id: _km(lat, lon, c.latitude, c.longitude) for c in centers}
    return {cid: d for cid, d in distances.items() if d <= query.radius_km}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _diversify(rows, query: SearchQuery, nearby: dict[int, float] | None) -> list[SlotOption]:
    per_center: Counter[int] = Counter()
    options: list[SlotOption] = []
    for row in rows:
        if per_center[row.center_id] >= query.per_center:
            continue
        per_center[row.center_id] += 1
        distance = round(nearby[row.center_id], 1) if nearby is not None else None
        options.append(SlotOption(row.id, row.center_id, row.name, row.area, row.starts_at,
                                  row.price_paise, distance))
        if len(options) == query.limit:
            break
    return options
