"""The booking funnel from analytics events: how many patients reach each step, and where they drop off.

A patient counts once per step (distinct user). A step's segment (city, service, channel) comes from the
event's own properties where it carries them, else from the booking the event is about.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.insight.period import Period
from core.models import AnalyticsEvent, Booking, Center

STEPS = ("service_viewed", "slot_checked", "booking_initiated", "payment_succeeded", "booking_confirmed",
         "booking_completed")
SEGMENTS = ("city", "service", "channel")


@dataclass(frozen=True)
class Step:
    name: str
    patients: int
    drop_off: float | None  # share of the previous step's patients who did not reach this one


def funnel(session: Session, *, period: Period, segment: str | None = None) -> dict[object, list[Step]]:
    """{segment value (None when unsegmented): [Step per funnel step]}."""
    key = _segment(segment)
    query = (select(key.label("segment"), AnalyticsEvent.name, func.count(func.distinct(AnalyticsEvent.user_id)))
             .outerjoin(Booking, Booking.id == AnalyticsEvent.booking_id)
             .outerjoin(Center, Center.id == Booking.center_id)
             .where(AnalyticsEvent.name.in_(STEPS), period.contains(AnalyticsEvent.occurred_at))
             .group_by("segment", AnalyticsEvent.name))
    counts: dict[object, dict[str, int]] = {}
    for value, name, patients in session.execute(query):
        counts.setdefault(value, {})[name] = patients
    return {value: _steps(by_name) for value, by_name in counts.items()}


def _segment(segment: str | None):
    props = AnalyticsEvent.properties
    if segment is None:
        return null()
    if segment == "city":
        return func.coalesce(props["city_id"].as_integer(), Center.city_id)
    if segment == "service":
        return func.coalesce(props["service_id"].as_integer(), Booking.service_id)
    if segment == "channel":
        return func.coalesce(props["channel"].as_string(), Booking.source)
    raise ValidationError(f"Unknown segment {segment!r}; use one of {', '.join(SEGMENTS)}.")


def _steps(by_name: dict[str, int]) -> list[Step]:
    steps, previous = [], None
    for name in STEPS:
        patients = by_name.get(name, 0)
        drop = None if not previous else round(1 - patients / previous, 4)
        steps.append(Step(name, patients, drop))
        previous = patients
    return steps
