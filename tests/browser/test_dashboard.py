"""The admin dashboard's charts draw in Chromium (the canvas holds painted pixels) on a phone and a desktop,
with the vendored Chart.js and nothing wider than the screen."""
from __future__ import annotations

import pytest

from core.models import Role
from tests.browser.support import screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.insight_panel.conftest import known_march, staff  # noqa: F401 - hand-made figures and staff

# Painted pixels of a canvas: a blank canvas is all transparent (alpha 0).
PAINTED = """id => { const c = document.getElementById(id); if (!c || !c.width || !c.height) return 0;
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i]) n++; return n; }"""


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_dashboard_charts_draw(request, live_url, login, staff, known_march, width):
    page = request.getfixturevalue(f"{width}_page")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # (console errors are not collected: the browser's own favicon request logs a 404 there)
    _signed_in(page, live_url, login, staff[Role.FINANCE])
    page.goto(f"{live_url}/admin/?{known_march.query}")
    page.wait_for_function("window.Chart && Object.keys(Chart.instances).length === 3")
    _check_layout(page)
    for chart in ("chart-per", "chart-cities", "chart-services"):
        assert page.evaluate(PAINTED, chart) > 500, f"{chart} drew nothing"
    screenshot(page, f"admin-dashboard-{width}")
    assert errors == []
