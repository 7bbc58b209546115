"""Finance's, analytics' and campaign pages fit a 390 px phone (no sideways scroll, every input labelled)."""
from __future__ import annotations

import pytest

from core.models import Role
from tests.browser.support import screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.insight_panel.conftest import known_march, staff  # noqa: F401 - hand-made figures and staff

PAGES = [(Role.FINANCE, "finance", "/admin/finance/?{q}"), (Role.FINANCE, "settlements", "/admin/settlements/"),
         (Role.FINANCE, "settlement-preview", "/admin/settlements/preview?center_id={c}&start={y}-03-01&end={y}-04-01"),
         (Role.FINANCE, "gst", "/admin/finance/gst?{q}"), (Role.FINANCE, "reconcile", "/admin/finance/reconcile"),
         (Role.MARKETING, "analytics", "/admin/analytics/?{q}&segment=service"),
         (Role.MARKETING, "campaign-new", "/admin/campaigns/new"), (Role.MARKETING, "campaigns", "/admin/campaigns/")]


@pytest.mark.parametrize("role, name, path", PAGES, ids=[p[1] for p in PAGES])
def test_insight_pages_fit_a_phone(phone_page, live_url, login, staff, known_march, role, name, path):
    _signed_in(phone_page, live_url, login, staff[role])
    phone_page.goto(live_url + path.format(q=known_march.query, y=known_march.year, c=known_march.centers[0]))
    screenshot(phone_page, f"admin-{name}-phone")
    _check_layout(phone_page)
