"""Bulk slot import rows/s vs a raw COPY of the same slots into the same Postgres, in the same run.

Ours: the CSV through core.slots.importer (read, check every row, look up codes, check overlaps with the
stored slots and between rows, COPY, audit) and the commit. Raw: the same slots (ids and UTC times already
computed) streamed by psycopg's COPY into `slots` and committed: the physical limit of getting them in.
Both pay the same index and foreign-key upkeep; each round's rows are deleted (and the table vacuumed)
before the next goes in, so both insert into the same table. Medians of three rounds, alternating order.
"""
from __future__ import annotations

import statistics
import time
from datetime import time as wall_time, timedelta

import psycopg
from sqlalchemy import select

from core.actors import SYSTEM
from core.clock import IST, ist_datetime, now_utc
from core.db import make_engine, make_session_factory
from core.models import Center, CenterService, Service
from core.slots import importer
from core.slots.csv_rows import COLUMNS

ROWS = 100_000
ROUNDS = 3  # medians of three, alternating which goes first
FIRST_DAY = 60  # days ahead: past the seeded slots, so nothing overlaps
COPY = "COPY slots (center_id, service_id, city_id, starts_at, ends_at, capacity, claimed, is_blocked) FROM STDIN"


def _offers(factory) -> list[tuple[str, str, int, int, int]]:
    with factory() as session:
        return session.execute(select(Center.code, Service.code, Center.id, Service.id, Center.city_id)
                               .join(CenterService, CenterService.center_id == Center.id)
                               .join(Service, Service.id == CenterService.service_id)
                               .where(CenterService.is_active, Service.is_active).order_by(Center.id, Service.id)).all()


def _rows(offers, n: int):
    """n one-slot rows: each offer gets 30-minute slots 08:00-20:00 on successive days."""
    today = now_utc().astimezone(IST).date()
    for i in range(n):
        offer, k = offers[i % len(offers)], i // len(offers)
        day, hour, half = today + timedelta(days=FIRST_DAY + k // 24), 8 + (k % 24) // 2, 30 * (k % 2)
        yield offer, day, hour, half


def _csv(offers, n: int) -> bytes:
    lines = [",".join(COLUMNS)] + [
        f"{o[0]},{o[1]},{day.isoformat()},{hour:02d}:{half:02d},{_half_hour_after(hour, half)},30,1"
        for o, day, hour, half in _rows(offers, n)]
    return ("\n".join(lines) + "\n").encode()


def _half_hour_after(hour: int, minute: int) -> str:
    return f"{hour + (minute + 30) // 60:02d}:{(minute + 30) % 60:02d}"


def _raw_copy(dsn: str, slots: list[tuple]) -> float:
    with psycopg.connect(dsn) as conn:
        started = time.perf_counter()
        with conn.cursor().copy(COPY) as copy:
            for slot in slots:
                copy.write_row(slot)
        conn.commit()
        return len(slots) / (time.perf_counter() - started)


def _ours(factory, data: bytes, n: int) -> float:
    with factory() as session:
        started = time.perf_counter()
        outcome = importer.run(session, actor=SYSTEM, data=data, source="cli", filename="bench.csv")
        session.commit()
        elapsed = time.perf_counter() - started
    if outcome.errors or outcome.slots_created != n:  # a failed import is a broken run, not a fast one
        raise RuntimeError(f"bench import failed: {outcome.as_dict() | {'errors': outcome.errors[:3]}}")
    return n / elapsed


def _slots(offers, n: int) -> list[tuple]:
    slots = []
    for o, day, hour, half in _rows(offers, n):
        starts = ist_datetime(day, wall_time(hour, half))
        slots.append((o[2], o[3], o[4], starts, starts + timedelta(minutes=30), 1, 0, False))
    return slots


def _clear(dsn: str, since) -> None:
    """Delete the benchmark's slots so the next round inserts into the same table again."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DELETE FROM slots WHERE starts_at >= %s", (since,))
        conn.execute("VACUUM ANALYZE slots")


def run(url: str, dsn: str, n: int = ROWS) -> dict[str, float]:
    factory = make_session_factory(make_engine(url))
    offers = _offers(factory)
    data, slots = _csv(offers, n), _slots(offers, n)
    since = min(s[3] for s in slots)
    ours, raw = [], []
    steps = [lambda: raw.append(_raw_copy(dsn, slots)), lambda: ours.append(_ours(factory, data, n))]
    for round_ in range(ROUNDS):  # alternate which goes first: other load on the machine hits both alike
        for step in steps if round_ % 2 == 0 else steps[::-1]:
            step()
            _clear(dsn, since)
    ours_rate, raw_rate = statistics.median(ours), statistics.median(raw)
    return {"rows": n, "rounds": ROUNDS, "import_rows_per_s": ours_rate, "raw_copy_rows_per_s": raw_rate,
            "ratio": ours_rate / raw_rate}
