"""Utilization against hand-counted slots: capacity, booked, held, blocked, free; and the heatmap."""
from __future__ import annotations

from core.insight import utilization
from core.models import BookingStatus as S
from tests.insight.history import MARCH, ist


def test_capacity_use_per_day_center_and_scan(any_session, any_factories, history):
    f = any_factories
    center, scan, patient = f.center(), f.service(), f.patient()
    monday = [f.slot(center, scan, starts_at=ist(4, h), capacity=2) for h in (9, 10)]
    blocked = f.slot(center, scan, starts_at=ist(4, 11), capacity=2, is_blocked=True)
    history.booking(monday[0], patient, S.CONFIRMED, created=ist(1), paid=ist(1))
    history.booking(monday[0], patient, S.HELD, created=ist(1))
    history.booking(monday[1], patient, S.CANCELLED, created=ist(1), paid=ist(1))  # gave its place back
    assert blocked.is_blocked
    (row,) = utilization.by_bucket(any_session, period=MARCH, center_id=center.id)
    assert (row.bucket, row.capacity, row.booked, row.held, row.blocked, row.free) == ("2019-03-04", 6, 1, 1, 2, 2)
    assert row.rate == 0.25


def test_heatmap_is_booked_share_by_india_weekday_and_hour(any_session, any_factories, history):
    f = any_factories
    center, scan, patient = f.center(), f.service(), f.patient()
    nine = f.slot(center, scan, starts_at=ist(4, 9), capacity=2)  # Monday 09:00 IST (03:30 UTC)
    f.slot(center, scan, starts_at=ist(5, 18), capacity=1)  # Tuesday 18:00 IST, empty
    history.booking(nine, patient, S.COMPLETED, created=ist(1), paid=ist(1))
    assert utilization.heatmap(any_session, period=MARCH, center_id=center.id) == {(1, 9): 0.5, (2, 18): 0.0}
