"""Availability search: free slots only, area shown but never the address, lapsed holds ignored."""
from datetime import datetime, time, timedelta

import pytest

from core.actors import Actor
from core.booking import service as bookings
from core.booking.search import SearchQuery, find_slots
from core.clock import IST, now_utc
from core.errors import ValidationError
from core.models.analytics import AnalyticsEvent

TOMORROW = (now_utc().astimezone(IST) + timedelta(days=1)).date()


def _at(hour, day=TOMORROW):
    return datetime.combine(day, time(hour), tzinfo=IST)


def _query(center, service, **kw):
    return SearchQuery(service_id=service.id, city_id=center.city_id, **kw)


@pytest.fixture
def clinic(any_factories):
    center, service = any_factories.center(), any_factories.service()
    return center, service


def test_results_carry_area_and_price_but_not_the_address(any_session, any_factories, clinic):
    center, service = clinic
    any_factories.slot(center, service, starts_at=_at(10), price_paise=525000)
    [option] = find_slots(any_session, _query(center, service))
    assert (option.center_name, option.area, option.price_paise) == (center.name, "Kothrud", 525000)
    assert not hasattr(option, "address")


def test_full_and_blocked_slots_are_hidden(any_session, any_factories, clinic):
    center, service = clinic
    full = any_factories.slot(center, service, starts_at=_at(9))
    any_factories.slot(center, service, starts_at=_at(10), is_blocked=True)
    free = any_factories.slot(center, service, starts_at=_at(11))
    patient = any_factories.patient()
    bookings.hold(any_session, actor=Actor.of(patient), user_id=patient.id, slot_id=full.id,
                  patient=bookings.PatientDetails(name="Asha Rao"))
    assert [o.slot_id for o in find_slots(any_session, _query(center, service))] == [free.id]


def test_a_lapsed_hold_does_not_hide_its_slot(any_session, any_factories, clinic):
    center, service = clinic
    slot = any_factories.slot(center, service, starts_at=_at(9))
    patient = any_factories.patient()
    earlier = now_utc() - timedelta(minutes=30)
    bookings.hold(any_session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                  patient=bookings.PatientDetails(name="Asha Rao"), now=earlier)
    assert [o.slot_id for o in find_slots(any_session, _query(center, service))] == [slot.id]


def test_evening_window_on_a_date(any_session, any_factories, clinic):
    center, service = clinic
    for hour in (9, 13, 18, 19):
        any_factories.slot(center, service, starts_at=_at(hour))
    query = _query(center, service, date_from=TOMORROW, date_to=TOMORROW, day_window=(time(17), time(21)),
                   per_center=5)
    assert [o.starts_at.astimezone(IST).hour for o in find_slots(any_session, query)] == [18, 19]


def test_near_an_area_excludes_far_centers(any_session, any_factories):
    near = any_factories.center(area="Kothrud")
    far = any_factories.center(city=near.city, area="Hadapsar", latitude=18.5089, longitude=73.9260)
    service = any_factories.service()
    any_factories.slot(near, service, starts_at=_at(10))
    any_factories.slot(far, service, starts_at=_at(9))
    options = find_slots(any_session, _query(near, service, area="kothrud", radius_km=5))
    assert [o.center_id for o in options] == [near.id]
    assert options[0].distance_km == 0.0


def test_unknown_area_gets_a_helpful_error(any_session, any_factories, clinic):
    center, service = clinic
    with pytest.raises(ValidationError, match="Areas we cover: Kothrud"):
        find_slots(any_session, _query(center, service, area="Atlantis"))


def test_at_most_two_options_per_center_by_default(any_session, any_factories, clinic):
    center, service = clinic
    for hour in (9, 10, 11):
        any_factories.slot(center, service, starts_at=_at(hour))
    assert len(find_slots(any_session, _query(center, service))) == 2


def test_search_records_slot_checked(any_session, any_factories, clinic):
    center, service = clinic
    patient = any_factories.patient()
    find_slots(any_session, _query(center, service), user_id=patient.id)
    any_session.commit()  # written at commit, in one INSERT with the transaction's other queued events
    event = any_session.query(AnalyticsEvent).filter_by(user_id=patient.id).one()
    assert event.name == "slot_checked" and event.properties["results"] == 0


def test_range_longer_than_a_month_is_rejected(any_session, any_factories, clinic):
    center, service = clinic
    with pytest.raises(ValidationError):
        find_slots(any_session, _query(center, service, date_from=TOMORROW, date_to=TOMORROW + timedelta(days=40)))
