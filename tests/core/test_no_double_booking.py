"""Concurrent holds never push a slot past its capacity: on Postgres (one-statement hold, and the fallback
that expires lapsed holds first) and on SQLite (the embedded default's own path)."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.db import make_engine, make_session_factory
from core.errors import SlotUnavailable
from core.models import Booking, BookingStatus, Slot
from tests.factories import Factories

ATTEMPTS = 240
THREADS = 48


@pytest.fixture(params=["postgres", "sqlite"])
def committed(request):
    url = request.getfixturevalue("pg_url" if request.param == "postgres" else "sqlite_url")
    engine = make_engine(url, pool_size=THREADS, max_overflow=0)
    yield make_session_factory(engine)
    engine.dispose()


def _setup(factory, capacities, *, lapsed_holds: bool = False):
    with factory() as session:
        f = Factories(session)
        center, service = f.center(), f.service()
        slots = [f.slot(center, service, capacity=c) for c in capacities]
        patients = [f.patient() for _ in range(ATTEMPTS)]
        if lapsed_holds:  # every slot full of unpaid holds that lapsed: each claim must expire them first
            long_ago = now_utc() - timedelta(minutes=30)
            for slot in slots:
                for patient in patients[:slot.capacity]:
                    bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                                  patient=bookings.PatientDetails(name="Lapsed Patient"), now=long_ago)
        session.commit()
        return [s.id for s in slots], [(p.id, Actor.of(p)) for p in patients]


def _attempt(factory, barrier, slot_id, user_id, actor):
    barrier.wait()
    with factory() as session:
        try:
            bookings.hold(session, actor=actor, user_id=user_id, slot_id=slot_id,
                          patient=bookings.PatientDetails(name="Concurrent Patient"))
            session.commit()
            return "held"
        except SlotUnavailable:
            session.rollback()
            return "taken"


@pytest.mark.parametrize("lapsed_holds", [False, True], ids=["free-slots", "slots-full-of-lapsed-holds"])
def test_hundreds_of_concurrent_holds_never_exceed_capacity(committed, lapsed_holds):
    capacities = [1, 2, 1, 2, 1, 2]
    slot_ids, patients = _setup(committed, capacities, lapsed_holds=lapsed_holds)
    barrier = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(_attempt, committed, barrier, slot_ids[i % len(slot_ids)], *patients[i])
                   for i in range(ATTEMPTS - ATTEMPTS % THREADS)]
        outcomes = [f.result(timeout=120) for f in futures]
    assert outcomes.count("held") == sum(capacities)
    with committed() as session:
        for slot_id, capacity in zip(slot_ids, capacities):
            live = session.scalar(select(func.count()).where(
                Booking.slot_id == slot_id, Booking.status == BookingStatus.HELD))
            claimed = session.scalar(select(Slot.claimed).where(Slot.id == slot_id))
            assert live == claimed == capacity
