"""Marketing writes and publishes a blog post in the admin CMS, on a phone and on a desktop, and the public
page shows it."""
from __future__ import annotations

import pytest

from core.models import Role
from tests.browser.support import screenshot
from tests.browser.test_panels import _check_layout, _signed_in


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_marketing_publishes_a_post_from_the_cms(request, live_url, login, world, width):
    page = request.getfixturevalue(f"{width}_page")
    _signed_in(page, live_url, login, world["staff"][Role.MARKETING])
    page.goto(f"{live_url}/admin/content/new/")
    _check_layout(page)
    slug = f"winter-care-{width}"
    page.locator("#kind").select_option("blog")
    page.locator("#slug").fill(slug)
    page.locator("#title").fill("Winter care before a scan")
    page.locator("#body_html").fill("<p>Keep warm.</p>")
    page.locator("#publishing").select_option("now")
    screenshot(page, f"admin-content-new-{width}")
    page.locator("form input[type=submit]").first.click()
    page.wait_for_load_state()
    screenshot(page, f"admin-content-list-{width}")
    assert "/admin/content/" in page.url and "Winter care before a scan" in page.content()
    page.goto(f"{live_url}/blog/{slug}")
    screenshot(page, f"public-blog-{width}")
    assert "Keep warm." in page.content()
