"""The funnel's rollup: analytics events folded into one row per (patient, step, IST day, city, service, channel).

`advance` reads the events past the watermark (plus a trailing margin, for events whose transaction took an
id earlier but committed later), inserts their rollup rows (idempotent: the unique key drops repeats), then
rechains prev_* for the patients it touched. The watermark row is locked FOR UPDATE, so two workers (or a
worker and a page) advancing at once take turns and the second finds nothing left to do.
Called by the worker's minute sweep and by the funnel itself before it counts, so figures are never stale.
"""
from __future__ import annotations

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.insight import funnel_counts
from core.insight.period import ist_day
from core.models import AnalyticsEvent, Booking, Center, FunnelDay, FunnelWatermark

STEPS = ("service_viewed", "slot_checked", "booking_initiated", "payment_succeeded", "booking_confirmed",
         "booking_completed")
# Ids re-read behind the watermark each time: an event inserted by a transaction that committed after a later
# id was rolled up is still picked up (re-reading is cheap: the insert skips rows it already holds, and only
# patients who got a new row are rechained).
MARGIN_IDS = 5_000

RECHAIN = """
UPDATE funnel_days SET prev_any = w.pa, prev_city = w.pc, prev_service = w.ps, prev_channel = w.pch
FROM (SELECT id,
             lag(day) OVER (PARTITION BY user_id, step ORDER BY day, id) AS pa,
             lag(day) OVER (PARTITION BY user_id, step, city_id ORDER BY day, id) AS pc,
             lag(day) OVER (PARTITION BY user_id, step, service_id ORDER BY day, id) AS ps,
             lag(day) OVER (PARTITION BY user_id, step, channel ORDER BY day, id) AS pch
      FROM funnel_days
      WHERE user_id IN :users) AS w
WHERE funnel_days.id = w.id AND (funnel_days.prev_any {differs} w.pa OR funnel_days.prev_city {differs} w.pc
       OR funnel_days.prev_service {differs} w.ps OR funnel_days.prev_channel {differs} w.pch)"""
# Only rows whose chain changed are written (the others would only bloat the table).
DIFFERS = {"postgresql": "IS DISTINCT FROM", "sqlite": "IS NOT"}


def advance(session: Session) -> int:
    """Fold every event not yet rolled up into the rollup; returns the new watermark. Never commits."""
    mark = _locked_watermark(session)
    upto = session.scalar(select(func.coalesce(func.max(AnalyticsEvent.id), 0)))
    if upto <= mark.last_event_id:
        return mark.last_event_id
    after = max(mark.last_event_id - MARGIN_IDS, 0)
    dialect = session.get_bind().dialect.name
    if mark.last_event_id == 0:  # the first fill: chained as inserted, no rows to rewrite afterwards
        session.execute(_insert(dialect)(FunnelDay).from_select(_COLUMNS + _PREVS, _chained(_rows(dialect, 0, upto))))
        funnel_counts.fold(session, sign=1)
    else:
        _add(session, dialect, after, upto)
    mark.last_event_id = upto
    session.flush()
    return upto


def _add(session: Session, dialect: str, after: int, upto: int) -> None:
    """Insert the new rows, then rechain and recount only the patients who got one: their old rows leave the
    counts (new rows were never in them), and come back with the new ones once rechained."""
    before = session.scalar(select(func.coalesce(func.max(FunnelDay.id), 0)))
    rows = _insert(dialect)(FunnelDay).from_select(_COLUMNS, _rows(dialect, after, upto))
    users = sorted(set(session.scalars(rows.on_conflict_do_nothing().returning(FunnelDay.user_id))))
    if not users:
        return
    funnel_counts.fold(session, sign=-1, users=users, upto_row=before)
    session.execute(text(RECHAIN.format(differs=DIFFERS[dialect])).bindparams(bindparam("users", expanding=True)),
                    {"users": users})
    funnel_counts.fold(session, sign=1, users=users)


_COLUMNS = ["user_id", "step", "day", "city_id", "service_id", "channel"]
_PREVS = ["prev_any", "prev_city", "prev_service", "prev_channel"]


def _chained(rows):
    """The rows with their prev_* days (the previous row's day per patient and step, and per segment)."""
    keys = rows.subquery()
    user, step, day, city, service, channel = (keys.c[i] for i in range(6))
    order = [day, city, service, channel]
    lag = lambda *within: func.lag(day).over(partition_by=[user, step, *within], order_by=order)  # noqa: E731
    return select(user, step, day, city, service, channel, lag(), lag(city), lag(service), lag(channel))


def _locked_watermark(session: Session) -> FunnelWatermark:
    mark = session.scalar(select(FunnelWatermark).where(FunnelWatermark.id == 1).with_for_update())
    if mark is None:  # a database created before the migration seeded it; a racing insert hits the primary key
        insert = _insert(session.get_bind().dialect.name)
        session.execute(insert(FunnelWatermark).values(id=1, last_event_id=0).on_conflict_do_nothing())
        mark = session.scalar(select(FunnelWatermark).where(FunnelWatermark.id == 1).with_for_update())
    return mark


def _insert(dialect: str):
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)


def _rows(dialect: str, after: int, upto: int):
    """The distinct rollup keys of events (after, upto], segments as funnel.py defines them (0 / '' = unknown)."""
    props = AnalyticsEvent.properties
    return (select(func.coalesce(AnalyticsEvent.user_id, 0), AnalyticsEvent.name,
                   ist_day(AnalyticsEvent.occurred_at, dialect),
                   func.coalesce(props["city_id"].as_integer(), Center.city_id, 0),
                   func.coalesce(props["service_id"].as_integer(), Booking.service_id, 0),
                   func.coalesce(props["channel"].as_string(), Booking.source, ""))
            .outerjoin(Booking, Booking.id == AnalyticsEvent.booking_id)
            .outerjoin(Center, Center.id == Booking.center_id)
            .where(AnalyticsEvent.id > after, AnalyticsEvent.id <= upto, AnalyticsEvent.name.in_(STEPS))
            .distinct())
