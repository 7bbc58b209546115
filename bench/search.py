"""Availability search p50/p95 on ~1M slots vs the same indexed SQL run raw through psycopg."""
from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta

import psycopg
from sqlalchemy import select

from core.booking.search import SearchQuery, find_slots
from core.clock import now_utc
from core.db import make_engine, make_session_factory
from core.models import CenterService, Slot

RAW = """
SELECT s.id, s.starts_at, c.name, c.area, cs.price_paise
FROM slots s JOIN centers c ON c.id = s.center_id
JOIN center_services cs ON cs.center_id = s.center_id AND cs.service_id = s.service_id
WHERE s.service_id = %s AND s.city_id = %s AND s.starts_at >= %s AND s.claimed < s.capacity
  AND NOT s.is_blocked
ORDER BY s.starts_at, s.id LIMIT 50
"""


def grow_to(dsn: str, target: int) -> int:
    """Copy the seeded week of slots forward in time until the table holds about `target` rows."""
    with psycopg.connect(dsn) as conn:
        count = conn.execute("SELECT count(*) FROM slots").fetchone()[0]
        weeks = 1
        while count < target:
            conn.execute("""INSERT INTO slots (center_id, service_id, city_id, starts_at, ends_at, capacity, claimed,
                            is_blocked) SELECT center_id, service_id, city_id, starts_at + %s, ends_at + %s, capacity,
                            0, is_blocked FROM slots WHERE starts_at < (SELECT min(starts_at) FROM slots) + interval '14 days'
                         """, (timedelta(weeks=2 * weeks),) * 2)
            count = conn.execute("SELECT count(*) FROM slots").fetchone()[0]
            weeks += 1
        conn.execute("ANALYZE")
    return count


def _pairs(factory) -> list[tuple[int, int]]:
    with factory() as session:
        return session.execute(select(CenterService.service_id, Slot.city_id).join(
            Slot, Slot.center_id == CenterService.center_id).distinct()).all()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=20)
    return statistics.median(samples), q[18]


def run(url: str, dsn: str, queries: int = 300) -> dict[str, float]:
    total = grow_to(dsn, 1_000_000)
    factory = make_session_factory(make_engine(url))
    pairs = random.Random(7).choices(_pairs(factory), k=queries)
    ours, raw = [], []
    with factory() as session, psycopg.connect(dsn) as conn:
        for service_id, city_id in pairs:
            t = time.perf_counter()
            find_slots(session, SearchQuery(service_id=service_id, city_id=city_id))
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            conn.execute(RAW, (service_id, city_id, now_utc() + timedelta(minutes=30))).fetchall()
            raw.append(time.perf_counter() - t)
        session.rollback()  # drop the slot_checked events the searches queued (written only at commit)
    (o50, o95), (r50, r95) = _percentiles(ours), _percentiles(raw)
    return {"slots": total, "ours_p50_ms": o50 * 1e3, "ours_p95_ms": o95 * 1e3, "raw_p50_ms": r50 * 1e3,
            "raw_p95_ms": r95 * 1e3, "p50_ratio": o50 / r50, "p95_ratio": o95 / r95}
