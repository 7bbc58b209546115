"""The booking funnel against hand-counted events: distinct patients per step, drop-off, segments."""
from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.insight.funnel import STEPS, funnel
from core.models import BookingStatus as S
from tests.insight.history import MARCH, ist, slot_in_march


@pytest.fixture
def journeys(any_factories, history):
    f = any_factories
    pune = f.city("Pune")
    mri = f.service(name="MRI Knee")
    slot = slot_in_march(f, f.center(pune), mri, 25)
    asha, ravi, meena, out_of_period = f.patient(), f.patient(), f.patient(), f.patient()
    for patient in (asha, ravi, meena):
        history.event("service_viewed", patient, ist(2), service_id=mri.id, channel="whatsapp")
    history.event("service_viewed", asha, ist(3), service_id=mri.id, channel="whatsapp")  # twice: counts once
    for patient in (asha, ravi):
        history.event("slot_checked", patient, ist(2, 11), service_id=mri.id, city_id=pune.id)
    booking = history.booking(slot, asha, S.CONFIRMED, created=ist(2, 12), paid=ist(2, 12, 5), source="web")
    history.event("booking_initiated", asha, ist(2, 12), booking, service_id=mri.id)
    history.event("payment_succeeded", asha, ist(2, 12, 5), booking)
    history.event("booking_confirmed", asha, ist(2, 13), booking)
    history.event("service_viewed", out_of_period, ist(2).replace(year=2018), service_id=mri.id)
    return pune, mri


def test_each_step_counts_distinct_patients_with_the_drop_off_from_the_step_before(any_session, journeys):
    steps = funnel(any_session, period=MARCH)[None]
    assert [s.name for s in steps] == list(STEPS)
    assert [s.patients for s in steps] == [3, 2, 1, 1, 1, 0]
    assert [s.drop_off for s in steps] == [None, 0.3333, 0.5, 0.0, 0.0, 1.0]


def test_segments_come_from_the_event_or_from_its_booking(any_session, journeys):
    pune, mri = journeys
    by_service = funnel(any_session, period=MARCH, segment="service")
    assert [s.patients for s in by_service[mri.id]] == [3, 2, 1, 1, 1, 0]
    by_city = funnel(any_session, period=MARCH, segment="city")
    # service_viewed carries no city: those patients land in the unknown (None) segment.
    assert [s.patients for s in by_city[pune.id]] == [0, 2, 1, 1, 1, 0]
    assert by_city[None][0].patients == 3
    by_channel = funnel(any_session, period=MARCH, segment="channel")
    assert by_channel["whatsapp"][0].patients == 3 and by_channel["web"][2].patients == 1


def test_an_unknown_segment_is_refused(any_session):
    with pytest.raises(ValidationError):
        funnel(any_session, period=MARCH, segment="weather")
