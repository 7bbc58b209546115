"""The public pages as a phone and a desktop visitor see them."""
from __future__ import annotations

import pytest

from tests.browser.support import no_sideways_scroll, screenshot
from tests.console.test_public_pages import site  # noqa: F401 - the published content fixture


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_home_faq_and_landing_read_well(request, live_url, site, page_fixture):  # noqa: F811
    page = request.getfixturevalue(page_fixture)
    width = "390" if page_fixture == "phone_page" else "desktop"
    for name, path in [("home", "/"), ("faq", "/faq"),
                       ("landing", f"/scans/{site['city'].slug}/{site['scan'].code.lower()}")]:
        page.goto(f"{live_url}{path}")
        screenshot(page, f"public-{name}-{width}")
        assert page.get_by_role("link", name="Book on WhatsApp").count() + \
            page.get_by_role("link", name="Ask us on WhatsApp").count() >= 1
        assert no_sideways_scroll(page)
