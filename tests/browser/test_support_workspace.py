"""A support agent finds a booking by the caller's phone, opens its workspace and moves it to a dearer center,
at 390 px and at desktop width. Screenshots: var/test-artifacts/screenshots/support-workspace-*."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from core import documents
from core.actors import SYSTEM
from core.models import Role
from tests.browser.support import no_sideways_scroll, screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.support_panel.conftest import case  # noqa: F401 - a paid booking and a dearer center nearby


def _prescription(container, case) -> None:
    """A photo of a prescription the patient sent on WhatsApp (a real PNG)."""
    picture = io.BytesIO()
    Image.new("RGB", (320, 200), (250, 250, 240)).save(picture, format="PNG")
    with container.uow() as uow:
        documents.attach_prescription(uow.session, container.adapters["storage"], actor=SYSTEM, data=picture.getvalue(),
                                      content_type="image/png", booking_id=case.booking_id)
        uow.commit()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_find_open_the_workspace_and_reschedule_to_a_dearer_center(request, container, live_url, login, case, width):
    _prescription(container, case)
    page = request.getfixturevalue(f"{width}_page")
    _signed_in(page, live_url, login, case.staff[Role.SUPPORT_AGENT])
    page.goto(f"{live_url}/support/find")
    local = case.phone[-10:]
    page.get_by_label("Reference, phone, patient name").fill(f"+91 {local[:5]}-{local[5:]}")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_load_state()
    assert case.reference in page.locator("h1").inner_text()
    screenshot(page, f"support-workspace-{width}")
    _check_layout(page)
    shown = page.locator(".document img")
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 320  # the prescription opens in the page
    form = page.locator("#action-reschedule")
    form.get_by_label("New slot").select_option(str(case.slot_ids["dear"]))
    form.get_by_label("Reason (required)").fill("closer to her home")
    form.get_by_role("button", name="Reschedule").click()
    page.wait_for_load_state()
    assert "payment link for the difference of ₹2,500" in page.locator(".flash-success").inner_text()
    assert "Sahyadri Imaging Baner" in page.locator("#booking-h + dl").inner_text()
    screenshot(page, f"support-workspace-moved-{width}")
    assert no_sideways_scroll(page)
