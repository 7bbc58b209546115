"""Each panel's home and a booking detail page with an action, at 390 px and at desktop width, as the
people who use them meet them. Screenshots are kept under var/test-artifacts/screenshots."""
from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

from core.models import Role
from tests.browser.support import no_sideways_scroll, screenshot

R = Role
HOMES = [("admin", R.OPS_MANAGER, "/admin/"), ("partner", R.PARTNER_STAFF, "/partner/"),
         ("support", R.SUPPORT_AGENT, "/support/conversations")]


def _signed_in(page, live_url, login, user) -> None:
    """Sign in through the app's own login (the `login` fixture) and hand its cookie to the browser."""
    client, _ = login(user)
    # Every cookie the sign-in set, whatever it is called (server-side sessions may rename it).
    cookies = client._cookies.values()  # werkzeug's test client has no public "all cookies"
    page.context.add_cookies([{"name": c.key, "value": c.value, "domain": urlparse(live_url).hostname, "path": "/"}
                              for c in cookies])


def _check_layout(page) -> None:
    assert page.locator("html").get_attribute("lang")
    assert page.get_by_role("button", name="Sign out", exact=True).count() == 1
    assert no_sideways_scroll(page)
    unlabelled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
    assert unlabelled == []


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("panel, role, path", HOMES)
def test_each_staff_panel_home(request, live_url, login, world, panel, role, path, width):
    page = request.getfixturevalue(f"{width}_page")
    _signed_in(page, live_url, login, world["staff"][role])
    page.goto(live_url + path)
    screenshot(page, f"{panel}-home-{width}")
    _check_layout(page)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_patients_bookings_page(request, live_url, login, world, patient_user, width):
    page = request.getfixturevalue(f"{width}_page")
    _signed_in(page, live_url, login, patient_user)
    page.goto(live_url + "/me/")
    screenshot(page, f"me-home-{width}")
    _check_layout(page)
    assert page.get_by_text(world["bookings"][0].reference).count() == 1
    assert page.locator(".status").first.inner_text() == "Pending"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_partner_confirms_a_paid_booking_from_its_page(request, live_url, login, world, paid, width):
    page = request.getfixturevalue(f"{width}_page")
    booking_id = paid(world["bookings"][0])
    _signed_in(page, live_url, login, world["staff"][R.PARTNER_STAFF])
    page.goto(f"{live_url}/partner/bookings/details/?id={booking_id}")
    assert "Awaiting center" in page.locator("h1").inner_text()
    screenshot(page, f"partner-booking-{width}")
    _check_layout(page)
    page.locator("#action-confirm").get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    screenshot(page, f"partner-booking-confirmed-{width}")
    assert "Confirmed" in page.locator("h1").inner_text()
    assert page.get_by_text("Awaiting center → Confirmed").count() == 1
    assert no_sideways_scroll(page)


def test_the_conversation_page_gives_the_chat_the_phones_width(live_url, login, world, chat, phone_page):
    one = chat(ticket="Report is late")
    _signed_in(phone_page, live_url, login, world["staff"][R.SUPPORT_AGENT])
    phone_page.goto(f"{live_url}/support/conversations/{one.conversation_id}")
    screenshot(phone_page, "support-conversation-phone")
    _check_layout(phone_page)
    assert phone_page.locator("#log").bounding_box()["width"] > 300  # it was squeezed to about 50 px


@pytest.mark.parametrize("path", ["/partner/bookings/", "/partner/slots/"])
def test_the_partners_lists_fit_a_phone(live_url, login, world, phone_page, path):
    _signed_in(phone_page, live_url, login, world["staff"][R.PARTNER_STAFF])
    phone_page.goto(live_url + path)
    screenshot(phone_page, "partner-" + path.strip("/").replace("/", "-") + "-phone")
    _check_layout(phone_page)


def test_the_status_filter_works_in_the_browser_under_the_csp(live_url, login, world, desktop_page):
    page = desktop_page
    _signed_in(page, live_url, login, world["staff"][R.OPS_MANAGER])
    page.goto(live_url + "/admin/bookings/")
    page.get_by_text("Add Filter").click()
    page.locator("a.filter", has_text="Status").first.click()
    # select2 hides the real <select> behind its own widget; set it as the widget would.
    page.locator("select.filter-val").first.evaluate(
        "el => { el.value = 'held'; el.dispatchEvent(new Event('change', {bubbles: true})); }")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    screenshot(page, "admin-bookings-filtered-desktop")
    assert "flt" in page.url and page.get_by_text(world["bookings"][0].reference).count() == 1


def test_a_center_in_the_list_opens_its_onboarding_page_on_a_phone(live_url, login, world, phone_page):
    _signed_in(phone_page, live_url, login, world["staff"][R.OPS_MANAGER])
    # Searched by name: the suite's shared database holds more centers than one page lists.
    phone_page.goto(f"{live_url}/admin/centers/?search={quote(world['centers'][0].name)}")
    _check_layout(phone_page)
    phone_page.get_by_role("link", name=world["centers"][0].name, exact=True).first.click()
    phone_page.wait_for_load_state()
    screenshot(phone_page, "admin-center-from-list-phone")
    assert phone_page.url.endswith(f"/admin/center-onboarding/{world['centers'][0].id}")
    _check_layout(phone_page)
    assert phone_page.get_by_label("Subscription tier").count() == 1
