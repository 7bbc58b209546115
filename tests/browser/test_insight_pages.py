"""Finance's, analytics' and campaign pages fit a 390 px phone (no sideways scroll, every input labelled)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.clock import now_utc
from core.models import Role, SettlementMonth
from tests.browser.support import screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.insight_panel.conftest import known_march, staff  # noqa: F401 - hand-made figures and staff

PAGES = [(Role.FINANCE, "finance", "/admin/finance/?{q}"), (Role.FINANCE, "settlements", "/admin/settlements/"),
         (Role.FINANCE, "settlement-preview", "/admin/settlements/preview?center_id={c}&start={y}-03-01&end={y}-04-01"),
         (Role.FINANCE, "gst", "/admin/finance/gst?{q}"), (Role.FINANCE, "reconcile", "/admin/finance/reconcile"),
         (Role.MARKETING, "analytics", "/admin/analytics/?{q}&segment=service"),
         (Role.MARKETING, "campaign-new", "/admin/campaigns/new"), (Role.MARKETING, "campaigns", "/admin/campaigns/")]


@pytest.fixture
def month_runs(container, staff):
    """A month run with one refused center, and one still running: the settlements page lists both."""
    with container.session_factory() as session:
        for first, finished in ((date(1968, 1, 1), now_utc()), (date(1968, 2, 1), None)):
            if session.scalar(select(SettlementMonth).where(SettlementMonth.period_start == first)) is None:
                session.add(SettlementMonth(period_start=first, period_end=first.replace(month=first.month + 1),
                                            requested_by=staff[Role.FINANCE].id, centers=12, finished_at=finished,
                                            failures=[{"center_id": 0, "error": "Center 0 does not exist."}]))
        session.commit()


@pytest.mark.parametrize("role, name, path", PAGES, ids=[p[1] for p in PAGES])
def test_insight_pages_fit_a_phone(phone_page, live_url, login, staff, known_march, month_runs, role, name, path):
    _signed_in(phone_page, live_url, login, staff[role])
    phone_page.goto(live_url + path.format(q=known_march.query, y=known_march.year, c=known_march.centers[0]))
    screenshot(phone_page, f"admin-{name}-phone")
    _check_layout(phone_page)
