"""Bookings per day/week/month, revenue, top cities and services against hand-counted March 2019 data."""
from __future__ import annotations

from datetime import date

import pytest

from core.errors import ValidationError
from core.insight import volume
from core.insight.period import Period
from core.models import BookingStatus as S
from tests.insight.history import MARCH, ist, slot_in_march


@pytest.fixture
def pune_and_delhi(any_factories, history):
    factories = any_factories
    pune, delhi = factories.city("Pune"), factories.city("Delhi")
    mri, ct = factories.service(name="MRI Brain"), factories.service(name="CT Chest")
    a, b = factories.center(pune), factories.center(delhi)
    patient = factories.patient()
    slot_a, slot_b = slot_in_march(factories, a, mri, 20), slot_in_march(factories, b, ct, 20)
    # Paid on Fri 1st, twice on Mon 4th (once just after midnight IST, still the 3rd in UTC) and on Sun 31st
    # at 22:30 IST; one hold was never paid, so it is not a booking.
    history.booking(slot_a, patient, S.CONFIRMED, created=ist(1, 23, 40), paid=ist(1, 23, 50))
    history.booking(slot_a, patient, S.PENDING, created=ist(4, 0, 10), paid=ist(4, 0, 20))  # 18:50 UTC on the 3rd
    history.booking(slot_b, patient, S.COMPLETED, created=ist(4, 9), paid=ist(4, 9, 5))
    history.booking(slot_b, patient, S.PENDING, created=ist(31, 22), paid=ist(31, 22, 30))
    history.booking(slot_b, patient, S.EXPIRED, created=ist(5, 9))
    return a, b


def test_bookings_per_day_buckets_by_the_india_date_of_payment(any_session, pune_and_delhi):
    assert volume.bookings_per(any_session, period=MARCH, grain="day") == [
        ("2019-03-01", 1), ("2019-03-04", 2), ("2019-03-31", 1)]


def test_bookings_per_week_start_on_monday(any_session, pune_and_delhi):
    # 1 March 2019 was a Friday: its week began Monday 25 February.
    assert volume.bookings_per(any_session, period=MARCH, grain="week") == [
        ("2019-02-25", 1), ("2019-03-04", 2), ("2019-03-25", 1)]


def test_bookings_per_month_and_per_center(any_session, pune_and_delhi):
    a, _ = pune_and_delhi
    assert volume.bookings_per(any_session, period=MARCH, grain="month") == [("2019-03-01", 4)]
    assert volume.bookings_per(any_session, period=MARCH, grain="month", center_id=a.id) == [("2019-03-01", 2)]


def test_revenue_counts_captured_payments_of_the_period(any_session, pune_and_delhi):
    figures = volume.revenue(any_session, period=MARCH)
    assert figures.gmv_paise == 4 * 500000 and figures.refunds_paise == 0
    april = volume.revenue(any_session, period=Period(date(2019, 4, 1), date(2019, 5, 1)))
    assert april.gmv_paise == 0


def test_top_cities_and_services_rank_by_paid_bookings(any_session, pune_and_delhi):
    assert [(r.name, r.bookings, r.gmv_paise) for r in volume.top_cities(any_session, period=MARCH)] == [
        ("Delhi", 2, 1000000), ("Pune", 2, 1000000)]
    assert [r.name for r in volume.top_services(any_session, period=MARCH, limit=1)] == ["CT Chest"]


def test_a_bad_grain_or_an_upside_down_period_is_refused(any_session):
    with pytest.raises(ValidationError):
        volume.bookings_per(any_session, period=MARCH, grain="hour")
    with pytest.raises(ValidationError):
        Period(date(2019, 3, 2), date(2019, 3, 1))
