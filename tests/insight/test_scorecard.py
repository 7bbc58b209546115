"""The partner scorecard: windows, a weekly trend and the figures that miss their targets."""
from __future__ import annotations

from datetime import date

from core.insight.quality import PartnerSla
from core.insight.scorecard import Targets, for_center
from core.models import BookingStatus as S
from core.models.users import Role
from tests.insight.history import ist, slot_in_march


def test_misses_name_each_figure_on_the_wrong_side_of_its_target():
    sla = PartnerSla(center_id=1, paid=10, avg_confirm_minutes=95.0, cancelled_by_center=0.0, no_show=0.2,
                     report_turnaround_hours=None, nps=60.0)
    assert Targets().misses(sla) == ["confirm_minutes", "no_show"]


def test_windows_and_trend_count_only_their_own_days(any_session, any_factories, history):
    f = any_factories
    center, scan, patient = f.center(), f.service(), f.patient()
    slot = slot_in_march(f, center, scan, 28)
    history.booking(slot, patient, S.CONFIRMED, created=ist(27), paid=ist(27, 10), confirmed=ist(27, 10, 30))
    history.booking(slot, patient, S.CANCELLED, created=ist(5), paid=ist(5, 10), cancelled_by=Role.PARTNER_STAFF)
    card = for_center(any_session, center_id=center.id, today=date(2019, 3, 29), weeks=4)
    assert card.windows[7].paid == 1 and card.windows[7].avg_confirm_minutes == 30.0
    assert card.windows[30].paid == 2 and card.windows[30].cancelled_by_center == 0.5
    assert [week for week, _ in card.trend] == ["2019-03-04", "2019-03-11", "2019-03-18", "2019-03-25"]
    assert [figures.paid if figures else 0 for _, figures in card.trend] == [1, 0, 0, 1]
