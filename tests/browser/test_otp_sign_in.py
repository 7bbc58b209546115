"""OTP sign-in in headless Chromium at 390 px, as a partner and as a patient (screenshots kept)."""
from __future__ import annotations

import pytest

from core.models import Role
from tests.browser.support import no_sideways_scroll, screenshot
from tests.conftest import sent_code
from tests.factories import Factories


@pytest.fixture
def people(container):
    with container.session_factory() as session:
        f = Factories(session)
        partner = f.staff(Role.PARTNER_STAFF, center=f.center())
        session.commit()
        return {"partner": partner}


def _sign_in(page, container, live_url, typed_phone: str, e164: str, name: str, next_path: str = "") -> None:
    page.goto(f"{live_url}/login" + (f"?next={next_path}" if next_path else ""))
    assert page.locator("html").get_attribute("lang").startswith("en")
    page.get_by_label("Mobile number").fill(typed_phone)
    screenshot(page, f"otp-{name}-1-phone-390")
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Send code").click()
    page.wait_for_url("**/login/code")
    assert page.get_by_label("6-digit code").get_attribute("autocomplete") == "one-time-code"
    page.get_by_label("6-digit code").fill(sent_code(container, e164))
    screenshot(page, f"otp-{name}-2-code-390")
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Sign in").click()


def test_a_partner_signs_in_with_a_whatsapp_code_on_a_phone(live_url, phone_page, container, people):
    partner = people["partner"]
    national = partner.phone.removeprefix("+91")
    _sign_in(phone_page, container, live_url, f"{national[:5]} {national[5:]}", partner.phone, "partner",
             next_path="/partner/bookings/")
    phone_page.wait_for_url("**/partner/bookings/")
    screenshot(phone_page, "otp-partner-3-signed-in-390")
    assert "/login" not in phone_page.url  # the partner's bookings list, not the sign-in page again


def test_a_new_patient_signs_up_with_a_whatsapp_code_on_a_phone(live_url, phone_page, container):
    _sign_in(phone_page, container, live_url, "098123 99902", "+919812399902", "patient")
    phone_page.wait_for_load_state()
    screenshot(phone_page, "otp-patient-3-signed-in-390")
    assert "/login" not in phone_page.url
    assert phone_page.get_by_role("button", name="Sign out", exact=True).count() >= 1
    phone_page.goto(f"{live_url}/login")  # a page on the shared layout, signed in: both sign-outs fit
    screenshot(phone_page, "otp-patient-4-layout-signed-in-390")
    assert no_sideways_scroll(phone_page)
    phone_page.get_by_role("button", name="Sign out everywhere").click()
    phone_page.wait_for_url("**/login")
    assert "signed out on every device" in phone_page.get_by_role("status").inner_text()


def test_a_wrong_code_shows_a_clear_message_on_a_phone(live_url, phone_page, container, people):
    phone_page.goto(f"{live_url}/login")
    phone_page.get_by_label("Mobile number").fill(people["partner"].phone)
    phone_page.get_by_role("button", name="Send code").click()
    phone_page.wait_for_url("**/login/code")
    real = sent_code(container, people["partner"].phone)
    phone_page.get_by_label("6-digit code").fill(f"{(int(real) + 1) % 1_000_000:06d}")
    phone_page.get_by_role("button", name="Sign in").click()
    alert = phone_page.get_by_role("alert")
    assert "not right" in alert.inner_text()
    screenshot(phone_page, "otp-wrong-code-390")
    assert no_sideways_scroll(phone_page)
