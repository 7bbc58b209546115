"""Hold throughput under concurrency vs the raw conditional-UPDATE rate of the same Postgres.

The raw baseline is the physical limit of a claim: one `UPDATE slots ... WHERE claimed < capacity`
and a commit per operation, from the same number of worker processes. Our hold does that plus
validation, the booking row, history, analytics and the audit entry in one data-modifying CTE
(core.booking.hold_write): three round trips (BEGIN, the CTE, COMMIT), as the raw UPDATE's. The audit
chain is sealed later, off the hold's path.
The two rates are measured in alternating rounds and the ratio is the median of the rounds' ratios:
on a shared machine the load moves within seconds, and one raw window followed by one hold window
measured that drift as much as the code (0.18 to 0.32 from one run to the next, same code).
Workers are processes, as in production (gunicorn workers, RQ workers), not threads: a thread that
holds a row lock while waiting for the GIL would measure Python's scheduler, not the database.
"""
from __future__ import annotations

import multiprocessing
import statistics
import time

import psycopg
from sqlalchemy import select

from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.db import make_engine, make_session_factory
from core.models import Center, Slot, User, VerificationStatus
from core.models.users import Role

WORKERS = 4
ROUNDS = 5
_state: dict = {}


def _targets(factory, n: int) -> tuple[list[int], list[int]]:
    with factory() as session:
        slots = session.scalars(select(Slot.id).join(Center).where(
            Slot.claimed == 0, Slot.is_blocked.is_(False), Slot.starts_at > now_utc(),
            Center.verification_status == VerificationStatus.VERIFIED).order_by(Slot.id).limit(n)).all()
        patients = session.scalars(select(User.id).where(User.role == Role.PATIENT)).all()
    return list(slots), list(patients)


def _init_hold_worker(url: str) -> None:
    _state["factory"] = make_session_factory(make_engine(url, pool_size=1, max_overflow=0))


def _one_hold(job: tuple[int, int]) -> None:
    slot_id, user_id = job
    with _state["factory"]() as session:
        bookings.hold(session, actor=Actor(Role.PATIENT, user_id), user_id=user_id, slot_id=slot_id,
                      patient=bookings.PatientDetails(name="Bench Patient"))
        session.commit()


def _init_raw_worker(dsn: str) -> None:
    _state["conn"] = psycopg.connect(dsn)


def _one_raw_update(slot_id: int) -> None:
    conn = _state["conn"]
    with conn.transaction():
        conn.execute("UPDATE slots SET claimed = claimed + 1 WHERE id = %s AND claimed < capacity", (slot_id,))


def _rate(initializer, argument, work, items, workers: int = WORKERS) -> float:
    """Operations per second over `items` from `workers` processes (start-up excluded)."""
    with multiprocessing.get_context("fork").Pool(workers, initializer, (argument,)) as pool:
        pool.map(_warm, range(workers))
        started = time.perf_counter()
        pool.map(work, items, chunksize=8)
        return len(items) / (time.perf_counter() - started)


def _warm(_: int) -> None:
    time.sleep(0.05)


def run(url: str, dsn: str, n: int = 500) -> dict[str, float]:
    # A raw UPDATE is 3-4 times faster: it gets 3n slots so that both windows last about as long (the pool's
    # start and its last, half-busy chunks then weigh the same on both sides of the ratio).
    slot_ids, patients = _targets(make_session_factory(make_engine(url)), (4 * ROUNDS + 1) * n)
    raws, holds = [], []
    for first in range(0, 4 * ROUNDS * n, 4 * n):
        raws.append(_rate(_init_raw_worker, dsn, _one_raw_update, slot_ids[first:first + 3 * n]))
        holds.append(_rate(_init_hold_worker, url, _one_hold, _jobs(slot_ids[first + 3 * n:first + 4 * n], patients)))
    ratios = [ours / raw for ours, raw in zip(holds, raws)]
    # One worker alone: how far holds scale with more workers (a lock every writer takes would cap it).
    alone = _rate(_init_hold_worker, url, _one_hold, _jobs(slot_ids[4 * ROUNDS * n:], patients[:1]), workers=1)
    ours = statistics.median(holds)
    return {"workers": WORKERS, "rounds": ROUNDS, "holds_per_s": ours, "raw_updates_per_s": statistics.median(raws),
            "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
            "holds_per_s_1_worker": alone, "scaling": ours / alone}


def _jobs(slot_ids: list[int], patients: list[int]) -> list[tuple[int, int]]:
    return [(slot_id, patients[i % len(patients)]) for i, slot_id in enumerate(slot_ids)]
