"""Dashboard and funnel p50/p95 on 1M bookings and 10M analytics events, next to the same aggregates as raw SQL.

Grows the seeded database with set-based INSERT ... SELECT (200k patients, 1M paid bookings over a year,
10M funnel events), then times, over the last 30 days: the dashboard's figures (every query the page runs) and
the whole dashboard request (signed-in cookie, permission checks, template, inlined JSON), the funnel and the
funnel by scan, each next to the same SQL written by hand and run through psycopg.
`python -m bench dashboard`; `BENCH_DASHBOARD_SCALE=0.01` runs the same thing on 1% of the data.

Measured 2026-12-06 at full scale on the shared 2-core machine (load average 7-10 from other work), with the
0008_insight indexes: growing took 686 s; p50/p95 in ms, ours vs raw SQL: dashboard figures 383/649 vs
346/481, whole dashboard request 340/715 vs 349/553, funnel 2,099/3,474 vs 2,312/3,162, funnel by scan
2,246/4,208 vs 2,208/3,096, partner SLA 99/205. Without those indexes the dashboard took 716/894 and the SLA
495/621. The funnel is bound by its SQL (count of distinct patients over ~830k events a month); the 300 ms
target needs a pre-aggregated table, not a faster code path.

With the funnel rollup (core.insight.funnel_rollup / funnel_counts), measured 2026-12-06 at full scale (load
average ~4-5): growing took 335 s, the rollup's first fill of the 10M events 229 s (10.0M rollup rows: these
events never repeat a patient, step and day), and its funnel equals the one counted from the events. p50/p95
in ms, ours vs raw SQL on the events table in the same run: funnel 4.1/5.5 vs 1,278/1,766, funnel by scan
28.6/59.5 vs 2,328/2,849 (dashboard figures 300/362 vs 239/306, whole dashboard request 265/381 vs 243/271,
partner SLA 167/223). The funnel's timings include its advance (nothing new to fold in the timed loop).
At BENCH_DASHBOARD_SCALE=0.2 (2M events, quieter machine): funnel 2.5/4.3 vs 92.8/95.0, by scan 13.5/21.9 vs
168.9/200.1.

With the dashboard rollup (core.insight.dashboard_rollup, 0010_dashboard_rollup), measured 2026-12-06 at full
scale (load average 3-5): growing took 349 s, the rollup's first fill 1 s (22,265 rows), and its figures equal
the raw SQL's. p50/p95 in ms, ours vs raw SQL in the same run: dashboard figures 54.1/91.1 vs 185.9/212.4,
whole dashboard request 55.5/89.6 vs 184.7/215.3 (funnel 4.0/8.6 vs 909.5/1,029.1, by scan 24.1/29.6 vs
1,531.7/1,775.6, partner SLA 102.4/162.4). bench/README.md has the table.
"""
from __future__ import annotations

import os
import statistics
import time

import psycopg
from sqlalchemy import func, select

from console.admin.dashboard import figures as figures_of
from console.admin.pages import shown_end
from console.app import create_app
from core.auth import sessions
from core.clock import now_utc
from core.insight import dashboard_rollup, funnel, funnel_rollup, quality
from core.insight.period import Period
from core.models import DashboardDay, FunnelDay, Role
from core.settings import Settings
from tests.factories import Factories
from wiring.container import build

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

# The same statements core.insight sends (read from its SQL), written out by hand and run through psycopg.
RAW_BOOKINGS_PER_DAY = """
SELECT to_char(date_trunc('day', timezone('Asia/Kolkata', paid_at)), 'YYYY-MM-DD') AS d, count(*)
FROM bookings WHERE paid_at >= %(start)s AND paid_at < %(end)s GROUP BY d ORDER BY d"""
RAW_REVENUE = [
    """SELECT coalesce(sum(amount_paise), 0) FROM payments WHERE status IN ('paid', 'refunded', 'partially_refunded')
       AND paid_at >= %(start)s AND paid_at < %(end)s""",
    """SELECT coalesce(sum(l.total_paise), 0) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
       WHERE NOT l.exempt AND i.issued_at >= %(start)s AND i.issued_at < %(end)s""",
    """SELECT coalesce(sum(amount_paise), 0) FROM refunds WHERE status = 'processed'
       AND processed_at >= %(start)s AND processed_at < %(end)s"""]
RAW_TOP_CITIES = """
SELECT c.name, count(*) AS n, coalesce(sum(b.price_paise), 0) FROM bookings b, centers ce, cities c
WHERE b.paid_at >= %(start)s AND b.paid_at < %(end)s AND b.center_id = ce.id AND ce.city_id = c.id
GROUP BY c.name ORDER BY n DESC, c.name LIMIT 8"""
RAW_TOP_SERVICES = """
SELECT s.name, count(*) AS n, coalesce(sum(b.price_paise), 0) FROM bookings b, services s
WHERE b.paid_at >= %(start)s AND b.paid_at < %(end)s AND b.service_id = s.id
GROUP BY s.name ORDER BY n DESC, s.name LIMIT 8"""
RAW_FUNNEL = """
SELECT NULL AS segment, e.name, count(DISTINCT e.user_id) FROM analytics_events e
LEFT JOIN bookings b ON b.id = e.booking_id LEFT JOIN centers c ON c.id = b.center_id
WHERE e.name = ANY(%(steps)s) AND e.occurred_at >= %(start)s AND e.occurred_at < %(end)s GROUP BY segment, e.name"""
RAW_FUNNEL_BY_SERVICE = RAW_FUNNEL.replace("NULL AS segment",
                                           "coalesce((e.properties ->> 'service_id')::int, b.service_id) AS segment")


def grow(dsn: str) -> dict[str, int]:
    started = time.perf_counter()
    sizes = {"patients": int(200_000 * SCALE), "bookings": int(1_000_000 * SCALE), "events": int(10_000_000 * SCALE)}
    with psycopg.connect(dsn, autocommit=True) as conn:
        sizes["slots"] = conn.execute("SELECT count(*) FROM slots").fetchone()[0]
        conn.execute(GROW[0], sizes)
        sizes["first_user"] = conn.execute("SELECT min(id) - 1 FROM users WHERE name LIKE 'Bench patient %%'").fetchone()[0]
        conn.execute(GROW[1], sizes)
        conn.execute(GROW[2], sizes)
        conn.execute("ANALYZE")
    sizes["seed_seconds"] = round(time.perf_counter() - started)
    return sizes


def _timed(fn) -> tuple[float, float]:
    fn()  # warm the plan and the caches; the first call is not a sample
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


def run(url: str, dsn: str) -> dict[str, float]:
    sizes = grow(dsn)
    month = Period.last_days(30)
    container = build(Settings(database_url=url, secret_key="bench-secret"))
    client = _signed_in_client(container)
    args = {"start": month.starts_at, "end": month.ends_at, "steps": list(funnel.STEPS)}
    page = f"/admin/?start={month.start}&end={shown_end(month)}&grain=day"
    figures: dict[str, float] = {k: sizes[k] for k in ("bookings", "events", "seed_seconds")}
    figures.update(_backfill_rollup(container, month))
    figures.update(_backfill_dashboard(container, month, args))
    with container.session_factory() as session, psycopg.connect(dsn) as conn:
        raw = lambda *sqls: lambda: [conn.execute(sql, args).fetchall() for sql in sqls]  # noqa: E731
        pairs = {
            "dashboard_figures": (lambda: figures_of(session, period=month, grain="day", money=True),
                                  raw(RAW_BOOKINGS_PER_DAY, RAW_TOP_CITIES, RAW_TOP_SERVICES, *RAW_REVENUE)),
            "dashboard_page": (lambda: _get(client, page),
                               raw(RAW_BOOKINGS_PER_DAY, RAW_TOP_CITIES, RAW_TOP_SERVICES, *RAW_REVENUE)),
            "funnel": (lambda: funnel.funnel(session, period=month), raw(RAW_FUNNEL)),
            "funnel_by_service": (lambda: funnel.funnel(session, period=month, segment="service"),
                                  raw(RAW_FUNNEL_BY_SERVICE)),
            "sla": (lambda: quality.partner_sla(session, period=month), None),
        }
        for name, (ours, baseline) in pairs.items():
            figures[f"{name}_p50_ms"], figures[f"{name}_p95_ms"] = _timed(ours)
            if baseline is not None:
                figures[f"{name}_raw_p50_ms"], figures[f"{name}_raw_p95_ms"] = _timed(baseline)
                figures[f"{name}_p95_ratio"] = figures[f"{name}_p95_ms"] / figures[f"{name}_raw_p95_ms"]
    container.engine.dispose()
    return figures


def _backfill_rollup(container, month: Period) -> dict[str, float]:
    """Fold every grown event into the funnel's rollup once (what the worker does after the migration), time it,
    and check the rollup's funnel equals the one counted from the events."""
    seconds = _advanced(container, funnel_rollup.advance)
    with container.session_factory() as session:
        rows = session.scalar(select(func.count()).select_from(FunnelDay))
        for segment in (None, "service"):
            assert funnel.funnel(session, period=month, segment=segment) == \
                funnel.from_events(session, period=month, segment=segment), segment
    with psycopg.connect(dsn_of(container), autocommit=True) as conn:
        conn.execute("ANALYZE funnel_days")
    return {"rollup_backfill_seconds": round(seconds), "rollup_rows": rows}


def _backfill_dashboard(container, month: Period, args: dict) -> dict[str, float]:
    """Roll the grown history up into the dashboard's rollup once (the worker's first advance after the
    migration), time it, and check the dashboard's figures equal the raw SQL's."""
    seconds = _advanced(container, dashboard_rollup.advance)
    with container.session_factory() as session:
        rows = session.scalar(select(func.count()).select_from(DashboardDay))
        ours = figures_of(session, period=month, grain="day", money=True)
    with psycopg.connect(dsn_of(container), autocommit=True) as conn:
        conn.execute("ANALYZE dashboard_days")
        assert _as_raw(ours) == _raw_figures(conn, args)
    return {"dashboard_rollup_seconds": round(seconds), "dashboard_rollup_rows": rows}


def _advanced(container, advance) -> float:
    """Seconds one rollup advance took, committed."""
    with container.session_factory() as session:
        started = time.perf_counter()
        advance(session)
        session.commit()
        return time.perf_counter() - started


def _as_raw(data: dict) -> tuple:
    ranked = lambda key: list(zip(data[key]["labels"], data[key]["values"], data[key]["gmv_paise"]))  # noqa: E731
    money = data["money"]
    return (list(zip(data["per"]["labels"], data["per"]["values"])), ranked("cities"), ranked("services"),
            [money["gmv_paise"], money["fees_paise"], money["refunds_paise"]])


def _raw_figures(conn, args: dict) -> tuple:
    rows = lambda sql: [tuple(row) for row in conn.execute(sql, args).fetchall()]  # noqa: E731
    return (rows(RAW_BOOKINGS_PER_DAY), rows(RAW_TOP_CITIES), rows(RAW_TOP_SERVICES),
            [int(conn.execute(sql, args).fetchone()[0]) for sql in RAW_REVENUE])


def dsn_of(container) -> str:
    return container.settings.database_url.replace("postgresql+psycopg://", "postgresql://")


def _signed_in_client(container):
    """A test client holding a finance user's session cookie (the dashboard with money, as finance sees it)."""
    with container.session_factory() as session:
        user = Factories(session).staff(Role.FINANCE)
        token = sessions.start(session, user=user, method="bench", ip=None, user_agent="bench", now=now_utc())
        session.commit()
    client = create_app(container).test_client()
    client.set_cookie("medezy_session", token)
    return client


def _get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
