"""Dashboard and funnel p50/p95 on 1M bookings and 10M analytics events, next to the same aggregates as raw SQL.

Grows the seeded database with set-based INSERT ... SELECT (200k patients, 1M paid bookings over a year,
10M funnel events), then times core.insight against hand-written SQL of the same figure through psycopg.
`BENCH_DASHBOARD_SCALE=0.01` runs the same thing on 1% of the data.
"""
from __future__ import annotations

import os
import statistics
import time
import psycopg

from core.db import make_engine, make_session_factory
from core.insight import funnel, quality, volume
from core.insight.period import Period

SCALE = float(os.environ.get("BENCH_DASHBOARD_SCALE", "1"))
REPEATS = 20

GROW = [
    """INSERT INTO users (name, phone, role, is_active, created_at)
       SELECT 'Bench patient ' || g, '+9170' || lpad(g::text, 8, '0'), 'patient', true, now()
       FROM generate_series(1, %(patients)s) g""",
    """INSERT INTO bookings (reference, user_id, slot_id, center_id, service_id, status, price_paise, patient_name,
                             source, created_at, updated_at, paid_at)
       SELECT 'BN' || lpad(g::text, 9, '0'), u.ids[1 + g %% cardinality(u.ids)], s.ids[1 + g %% cardinality(s.ids)],
              s.centers[1 + g %% cardinality(s.ids)], s.services[1 + g %% cardinality(s.ids)],
              (ARRAY['pending','confirmed','completed','completed','no_show','cancelled'])[1 + g %% 6],
              350000 + (g %% 40) * 10000, 'Bench', 'whatsapp', t, t, t + interval '5 minutes'
       FROM (SELECT array_agg(id) AS ids FROM users WHERE role = 'patient') u,
            (SELECT array_agg(id) AS ids, array_agg(center_id) AS centers, array_agg(service_id) AS services
             FROM slots) s,
            generate_series(1, %(bookings)s) g,
            LATERAL (SELECT now() - (g %% 365) * interval '1 day' - (g %% 1440) * interval '1 minute' AS t) tt""",
    """INSERT INTO analytics_events (name, user_id, booking_id, properties, occurred_at)
       SELECT (ARRAY['service_viewed','service_viewed','service_viewed','slot_checked','slot_checked',
                     'booking_initiated','payment_succeeded','booking_confirmed','booking_completed'])[1 + g %% 9],
              %(first_user)s + g %% %(patients)s, NULL, json_build_object('service_id', 1 + g %% 16),
              now() - (g %% 365) * interval '1 day' - (g %% 1440) * interval '1 minute'
       FROM generate_series(1, %(events)s) g""",
]

RAW_BOOKINGS_PER_DAY = """
SELECT to_char(date_trunc('day', timezone('Asia/Kolkata', paid_at)), 'YYYY-MM-DD') AS d, count(*)
FROM bookings WHERE paid_at >= %s AND paid_at < %s GROUP BY d ORDER BY d"""
RAW_FUNNEL = """
SELECT name, count(DISTINCT user_id) FROM analytics_events
WHERE name = ANY(%s) AND occurred_at >= %s AND occurred_at < %s GROUP BY name"""


def grow(dsn: str) -> dict[str, int]:
    sizes = {"patients": int(200_000 * SCALE), "bookings": int(1_000_000 * SCALE), "events": int(10_000_000 * SCALE)}
    with psycopg.connect(dsn, autocommit=True) as conn:
        sizes["slots"] = conn.execute("SELECT count(*) FROM slots").fetchone()[0]
        conn.execute(GROW[0], sizes)
        sizes["first_user"] = conn.execute("SELECT min(id) - 1 FROM users WHERE name LIKE 'Bench patient %%'").fetchone()[0]
        conn.execute(GROW[1], sizes)
        conn.execute(GROW[2], sizes)
        conn.execute("ANALYZE")
    return sizes


def _timed(fn) -> tuple[float, float]:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


def run(url: str, dsn: str) -> dict[str, float]:
    sizes = grow(dsn)
    month = Period.last_days(30)
    factory = make_session_factory(make_engine(url))
    figures: dict[str, float] = {"bookings": sizes["bookings"], "events": sizes["events"]}
    with factory() as session, psycopg.connect(dsn) as conn:
        ours = {
            "per_day": lambda: volume.bookings_per(session, period=month, grain="day"),
            "revenue": lambda: volume.revenue(session, period=month),
            "top_cities": lambda: volume.top_cities(session, period=month),
            "funnel": lambda: funnel.funnel(session, period=month),
            "sla": lambda: quality.partner_sla(session, period=month),
        }
        for name, fn in ours.items():
            figures[f"{name}_p50_ms"], figures[f"{name}_p95_ms"] = _timed(fn)
        bounds = (month.starts_at, month.ends_at)
        raw_day = _timed(lambda: conn.execute(RAW_BOOKINGS_PER_DAY, bounds).fetchall())
        raw_funnel = _timed(lambda: conn.execute(RAW_FUNNEL, (list(funnel.STEPS), *bounds)).fetchall())
    figures["raw_per_day_p95_ms"], figures["raw_funnel_p95_ms"] = raw_day[1], raw_funnel[1]
    figures["per_day_p95_ratio"] = figures["per_day_p95_ms"] / raw_day[1]
    figures["funnel_p95_ratio"] = figures["funnel_p95_ms"] / raw_funnel[1]
    return figures
