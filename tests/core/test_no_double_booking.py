"""On real Postgres, concurrent holds never push a slot past its capacity."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.booking import service as bookings
from core.db import make_engine, make_session_factory
from core.errors import SlotUnavailable
from core.models import Booking, BookingStatus, Slot
from tests.factories import Factories

ATTEMPTS = 240
THREADS = 48


@pytest.fixture
def committed(pg_url):
    engine = make_engine(pg_url, pool_size=THREADS, max_overflow=0)
    yield make_session_factory(engine)
    engine.dispose()


def _setup(factory, capacities):
    with factory() as session:
        f = Factories(session)
        center, service = f.center(), f.service()
        slots = [f.slot(center, service, capacity=c) for c in capacities]
        patients = [f.patient() for _ in range(ATTEMPTS)]
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


def test_hundreds_of_concurrent_holds_never_exceed_capacity(committed):
    capacities = [1, 2, 1, 2, 1, 2]
    slot_ids, patients = _setup(committed, capacities)
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
