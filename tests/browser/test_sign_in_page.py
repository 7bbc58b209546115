"""The sign-in page as a phone user meets it."""
from __future__ import annotations

from tests.browser.support import no_sideways_scroll, screenshot


def test_sign_in_page_fits_a_phone_and_names_its_language(live_url, phone_page):
    phone_page.goto(f"{live_url}/login")
    screenshot(phone_page, "sign-in-390")
    assert phone_page.locator("html").get_attribute("lang")
    assert phone_page.locator("form").count() >= 1
    assert no_sideways_scroll(phone_page)
