"""The funnel's rollup gives exactly the figures counted from the events, and keeps up as events arrive."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from core.clock import IST
from core.insight import funnel_rollup
from core.insight.funnel import STEPS, from_events, funnel
from core.insight.period import Period
from core.models import AnalyticsEvent, FunnelDay, FunnelWatermark
from core.models import BookingStatus as S
from tests.factories import Factories
from wiring import tasks
from tests.insight.history import MARCH, ist, slot_in_march

# The container tests commit to the database every test shares: their events fall in a year no test counts.
COMMITTED_AT = datetime(1955, 6, 1, 10, 0, tzinfo=IST)
PERIODS = [MARCH, Period(date(2019, 3, 2), date(2019, 3, 3)), Period(date(2019, 3, 10), date(2019, 3, 20)),
           Period(date(2019, 2, 28), date(2019, 4, 2))]


@pytest.fixture
def crowd(any_factories, history, any_session):
    """300 events over 8 patients, 2 cities, 2 scans and 3 channels, repeats on a day and across days, some
    with a booking (segments from it), some with no patient, some on either side of IST midnight; the first
    half rolled up before the second half arrives."""
    f, rnd = any_factories, random.Random(13)
    cities = [f.city("Pune"), f.city("Nashik")]
    services = [f.service(name="MRI Knee"), f.service(name="CT Head")]
    bookings = [history.booking(slot_in_march(f, f.center(c), s, 25), f.patient(), S.CONFIRMED,
                                created=ist(2), source=src)
                for c, s, src in [(cities[0], services[0], "web"), (cities[1], services[1], "whatsapp")]]
    patients = [f.patient() for _ in range(8)]
    for n in range(300):
        if n == 150:  # half rolled up: the rest goes through the incremental path, many of them dated earlier
            any_session.flush()
            funnel_rollup.advance(any_session)
        at = datetime(2019, 2, 27, 23, 0, tzinfo=IST) + timedelta(hours=rnd.randrange(0, 35 * 24, 7))
        props = {k: v for k, v in (("city_id", rnd.choice([c.id for c in cities] + [None])),
                                   ("service_id", rnd.choice([s.id for s in services] + [None])),
                                   ("channel", rnd.choice(["whatsapp", "web", "phone", None]))) if v is not None}
        patient = rnd.choice(patients) if rnd.random() > 0.05 else None
        booking = rnd.choice(bookings) if rnd.random() > 0.6 else None
        any_session.add(AnalyticsEvent(name=rnd.choice(STEPS), user_id=patient and patient.id,
                                       booking_id=booking and booking.id, properties=props, occurred_at=at))
    any_session.flush()
    return {p.id for p in patients}


@pytest.mark.parametrize("segment", [None, "city", "service", "channel"])
def test_the_rollup_equals_the_count_of_distinct_patients_over_the_events(any_session, crowd, segment):
    for period in PERIODS:
        assert funnel(any_session, period=period, segment=segment) == \
            from_events(any_session, period=period, segment=segment), (period, segment)


def test_events_arriving_after_a_rollup_count_after_the_next_advance(any_session, any_factories, history):
    asha, ravi = any_factories.patient(), any_factories.patient()
    history.event("service_viewed", asha, ist(5), channel="web")
    any_session.flush()
    assert funnel(any_session, period=MARCH)[None][0].patients == 1
    rolled = any_session.query(FunnelDay).count()
    history.event("service_viewed", ravi, ist(6), channel="web")
    history.event("service_viewed", asha, ist(1), channel="web")  # arrives late, dated before her first
    any_session.flush()
    assert any_session.query(FunnelDay).count() == rolled  # nothing rolled up until an advance
    funnel_rollup.advance(any_session)
    assert funnel(any_session, period=MARCH)[None][0].patients == 2
    assert funnel(any_session, period=Period(date(2019, 3, 1), date(2019, 3, 2)))[None][0].patients == 1
    assert funnel(any_session, period=Period(date(2019, 3, 5), date(2019, 3, 6)))[None][0].patients == 1


def _crowd_rows(session, patient_ids):
    # Only this test's patients: the suite's shared database holds other tests' rolled-up events too.
    return sorted((r.user_id, r.step, r.day, r.city_id, r.service_id, r.channel, r.prev_any, r.prev_city)
                  for r in session.query(FunnelDay).filter(FunnelDay.user_id.in_(patient_ids)))


def test_advancing_twice_changes_nothing(any_session, crowd):
    mark = funnel_rollup.advance(any_session)
    rows = _crowd_rows(any_session, crowd)
    assert funnel_rollup.advance(any_session) == mark
    again = _crowd_rows(any_session, crowd)
    assert again == rows and 0 < len(rows) < 300  # repeats on a day fold into one row


def test_two_workers_take_turns_and_the_second_finds_nothing_left(container):
    """Worker A holds the watermark's row lock while it rolls up; B waits for it (here: gives up after 200 ms),
    and once A has committed, B's advance adds nothing."""
    with container.session_factory() as setup:
        patient = Factories(setup).patient()
        setup.add(AnalyticsEvent(name="slot_checked", user_id=patient.id, occurred_at=COMMITTED_AT))
        setup.commit()
    with container.session_factory() as a, container.session_factory() as b:
        mark = funnel_rollup.advance(a)
        b.execute(text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(OperationalError, match="lock timeout"):
            funnel_rollup.advance(b)
        b.rollback()
        a.commit()
        rows = b.scalar(select(func.count()).select_from(FunnelDay))
        assert funnel_rollup.advance(b) == mark
        assert b.scalar(select(func.count()).select_from(FunnelDay)) == rows
        assert b.scalar(select(func.count()).select_from(FunnelDay).where(FunnelDay.user_id == patient.id)) == 1
        b.commit()


def test_the_worker_sweep_rolls_up_the_events_so_far(container):
    with container.session_factory() as setup:
        patient = Factories(setup).patient()
        setup.add(AnalyticsEvent(name="service_viewed", user_id=patient.id, occurred_at=COMMITTED_AT))
        setup.commit()
    tasks.sweep(container)
    with container.session_factory() as session:
        latest = session.scalar(select(func.max(AnalyticsEvent.id)))
        assert session.get(FunnelWatermark, 1).last_event_id >= latest
