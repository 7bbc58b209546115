"""The booking funnel from analytics events: how many patients reach each step, and where they drop off.

A patient counts once per step (distinct user). A step's segment (city, service, channel) comes from the
event's own properties where it carries them, else from the booking the event is about.
Counted from the rollup (core.insight.funnel_rollup, advanced first so every event so far is in): a rollup
row is the patient's first in the period when its previous day for that step and segment is before the
period, so distinct patients are a count of such rows, summed from funnel_counts. `from_events` is the same
figure read from the events themselves, the definition the rollup is tested against.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, null, select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.insight import funnel_counts, funnel_rollup
from core.insight.funnel_rollup import STEPS
from core.insight.period import Period
from core.models import AnalyticsEvent, Booking, Center, FunnelCount

SEGMENTS = ("city", "service", "channel")


@dataclass(frozen=True)
class Step:
    name: str
    patients: int
    drop_off: float | None  # share of the previous step's patients who did not reach this one


def funnel(session: Session, *, period: Period, segment: str | None = None) -> dict[object, list[Step]]:
    """{segment value (None when unsegmented): [Step per funnel step]}."""
    kind = _kind(segment)
    funnel_rollup.advance(session)
    counted = case((FunnelCount.prev < period.start, FunnelCount.patients), else_=0)
    query = (select(FunnelCount.value, FunnelCount.step, func.sum(counted))
             .where(FunnelCount.kind == kind, FunnelCount.step.in_(STEPS), FunnelCount.day >= period.start,
                    FunnelCount.day < period.end)
             .group_by(FunnelCount.value, FunnelCount.step))
    return _by_segment((funnel_counts.segment_value(kind, value), step, n) for value, step, n in session.execute(query))


def from_events(session: Session, *, period: Period, segment: str | None = None) -> dict[object, list[Step]]:
    """The funnel counted straight from the events (count of distinct patients): the reference definition."""
    key = _event_segment(segment)
    query = (select(key.label("segment"), AnalyticsEvent.name, func.count(func.distinct(AnalyticsEvent.user_id)))
             .outerjoin(Booking, Booking.id == AnalyticsEvent.booking_id)
             .outerjoin(Center, Center.id == Booking.center_id)
             .where(AnalyticsEvent.name.in_(STEPS), period.contains(AnalyticsEvent.occurred_at))
             .group_by("segment", AnalyticsEvent.name))
    return _by_segment(session.execute(query))


def _by_segment(rows) -> dict[object, list[Step]]:
    counts: dict[object, dict[str, int]] = {}
    for value, name, patients in rows:
        counts.setdefault(value, {})[name] = int(patients)
    return {value: _steps(by_name) for value, by_name in counts.items()}


def _kind(segment: str | None) -> str:
    if segment is not None and segment not in SEGMENTS:
        raise ValidationError(f"Unknown segment {segment!r}; use one of {', '.join(SEGMENTS)}.")
    return segment or ""


def _event_segment(segment: str | None):
    props = AnalyticsEvent.properties
    _kind(segment)  # refuses an unknown segment the same way
    if segment is None:
        return null()
    if segment == "city":
        return func.coalesce(props["city_id"].as_integer(), Center.city_id)
    if segment == "service":
        return func.coalesce(props["service_id"].as_integer(), Booking.service_id)
    return func.coalesce(props["channel"].as_string(), Booking.source)


def _steps(by_name: dict[str, int]) -> list[Step]:
    steps, previous = [], None
    for name in STEPS:
        patients = by_name.get(name, 0)
        drop = None if not previous else round(1 - patients / previous, 4)
        steps.append(Step(name, patients, drop))
        previous = patients
    return steps
