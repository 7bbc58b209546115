"""No-show rate, hold-to-book rate, NPS and the partner SLA against hand-computed March 2019 data."""
from __future__ import annotations

import pytest

from core.insight import quality
from core.models import BookingStatus as S
from core.models.users import Role
from tests.insight.history import MARCH, ist, slot_in_march


@pytest.fixture
def center_day(any_factories, history):
    f = any_factories
    center, service = f.center(), f.service()
    slot = slot_in_march(f, center, service, 10)
    p = f.patient()
    b = history.booking
    done1 = b(slot, p, S.COMPLETED, created=ist(1), paid=ist(1, 10, 10), confirmed=ist(1, 10, 40), completed=ist(10, 11))
    done2 = b(slot, p, S.COMPLETED, created=ist(1), paid=ist(1, 11), confirmed=ist(1, 12, 30), completed=ist(10, 12))
    b(slot, p, S.NO_SHOW, created=ist(2), paid=ist(2, 10, 5), confirmed=ist(2, 10, 25))
    b(slot, p, S.CANCELLED, created=ist(3), paid=ist(3, 10, 1), cancelled_by=Role.PARTNER_STAFF)
    b(slot, p, S.EXPIRED, created=ist(4))  # held, never paid
    history.report(done1, ist(10, 15))  # 4 h after completion
    history.report(done1, ist(11, 15))  # a second version does not move the first report's time
    history.report(done2, ist(10, 18))  # 6 h
    history.score(done1, 10, ist(11))
    history.score(done2, 5, ist(11))
    return center


def test_no_show_rate_is_no_shows_among_scans_that_were_due(any_session, center_day):
    assert quality.no_show_rate(any_session, period=MARCH, center_id=center_day.id) == 0.3333


def test_hold_to_book_rate_is_paid_holds_over_all_holds(any_session, center_day):
    assert quality.hold_to_book_rate(any_session, period=MARCH, center_id=center_day.id) == 0.8


def test_nps_is_promoters_minus_detractors(any_session, center_day):
    assert quality.nps(any_session, period=MARCH, center_id=center_day.id) == 0.0


def test_partner_sla_per_center(any_session, center_day):
    (sla,) = quality.partner_sla(any_session, period=MARCH, center_ids=[center_day.id])
    assert sla.paid == 4
    assert sla.avg_confirm_minutes == pytest.approx((30 + 90 + 20) / 3, abs=0.1)
    assert sla.cancelled_by_center == 0.25
    assert sla.no_show == 0.3333
    assert sla.report_turnaround_hours == 5.0
    assert sla.nps == 0.0


def test_rates_without_data_are_none_not_zero(any_session, any_factories):
    lonely = any_factories.center()
    assert quality.no_show_rate(any_session, period=MARCH, center_id=lonely.id) is None
    assert quality.partner_sla(any_session, period=MARCH, center_ids=[lonely.id]) == []
