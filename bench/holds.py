"""Hold throughput under concurrency vs the raw conditional-UPDATE rate of the same Postgres.

The raw baseline is the physical limit of a claim: one `UPDATE slots ... WHERE claimed < capacity`
and a commit per operation, from the same number of threads. Our hold does that plus validation,
the booking row, history, audit chain, analytics and outbox rows.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
from sqlalchemy import select

from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.db import make_engine, make_session_factory
from core.models import Center, Slot, User, VerificationStatus
from core.models.users import Role

THREADS = 8


def _targets(factory, n: int) -> tuple[list[int], list[int]]:
    with factory() as session:
        slots = session.scalars(select(Slot.id).join(Center).where(
            Slot.claimed == 0, Slot.is_blocked.is_(False), Slot.starts_at > now_utc(),
            Center.verification_status == VerificationStatus.VERIFIED).order_by(Slot.id).limit(n)).all()
        patients = session.scalars(select(User.id).where(User.role == Role.PATIENT)).all()
    return list(slots), list(patients)


def _timed(work, items) -> float:
    """Operations per second for running `work(item)` over items from THREADS threads."""
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work, items))
    return len(items) / (time.perf_counter() - started)


def hold_rate(url: str, slot_ids: list[int], patients: list[int]) -> float:
    engine = make_engine(url, pool_size=THREADS, max_overflow=0)
    factory = make_session_factory(engine)

    def one(i: int) -> None:
        user_id = patients[i % len(patients)]
        with factory() as session:
            bookings.hold(session, actor=Actor(Role.PATIENT, user_id), user_id=user_id, slot_id=slot_ids[i],
                          patient=bookings.PatientDetails(name="Bench Patient"))
            session.commit()

    rate = _timed(one, range(len(slot_ids)))
    engine.dispose()
    return rate


def raw_update_rate(dsn: str, slot_ids: list[int]) -> float:
    local = threading.local()

    def one(slot_id: int) -> None:
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(dsn)
        with local.conn.transaction():
            local.conn.execute("UPDATE slots SET claimed = claimed + 1 WHERE id = %s AND claimed < capacity",
                               (slot_id,))

    return _timed(one, slot_ids)


def run(url: str, dsn: str, n: int = 1500) -> dict[str, float]:
    factory = make_session_factory(make_engine(url))
    slot_ids, patients = _targets(factory, 2 * n)
    raw = raw_update_rate(dsn, slot_ids[n:])
    ours = hold_rate(url, slot_ids[:n], patients)
    return {"holds_per_s": ours, "raw_updates_per_s": raw, "ratio": ours / raw}
