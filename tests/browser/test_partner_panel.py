"""A center's desk on a phone (390 px): confirm a paid booking and upload its report after the scan, then
every partner page at phone and desktop width. Screenshots: var/test-artifacts/screenshots/partner-*."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from core.clock import now_utc
from core.models import Booking, BookingStatus, Center, Document, Role, Slot, User
from tests.browser.support import no_sideways_scroll, screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.factories import Factories
from tests.partner_panel.conftest import PDF, centers, invoice_for  # noqa: F401 - two centers' days

PAGES = ["/partner/", "/partner/schedule/", "/partner/availability/", "/partner/settlements/", "/partner/scorecard/",
         "/partner/support/", "/partner/profile/"]


def test_a_partner_confirms_then_uploads_the_report_on_a_phone(phone_page, live_url, login, centers, container,
                                                               tmp_path):
    a, page = centers[0], phone_page
    _signed_in(page, live_url, login, a.partner)
    page.goto(f"{live_url}/partner/bookings/details/?id={a.pending_id}")
    _check_layout(page)
    page.locator("#action-confirm").get_by_role("button", name="Confirm").click()
    page.wait_for_selector(".flash-success")
    assert "Booking confirmed" in page.locator(".flash-success").inner_text()
    screenshot(page, "partner-booking-confirmed-phone")
    with container.uow() as uow:  # the scan's hour comes and the center marks it completed
        booking = uow.session.get(Booking, a.pending_id)
        assert booking.status is BookingStatus.CONFIRMED
        start = now_utc() - timedelta(minutes=30)
        uow.session.execute(update(Slot).where(Slot.id == booking.slot_id)
                            .values(starts_at=start, ends_at=start + timedelta(minutes=30)))
        uow.commit()
    page.reload()
    page.locator("#action-complete").get_by_role("button", name="Mark completed").click()
    page.wait_for_selector("#report-upload")
    report = tmp_path / "mri-knee.pdf"
    report.write_bytes(PDF)
    page.get_by_label("Report file (PDF").set_input_files(str(report))
    page.get_by_role("button", name="Upload report").click()
    page.wait_for_selector(".flash-success")
    assert "version 1" in page.locator(".flash-success").inner_text()
    assert page.locator(".partner-reports a[download]").count() == 1
    assert no_sideways_scroll(page)
    screenshot(page, "partner-report-uploaded-phone")
    with container.session_factory() as session:
        assert session.query(Document).filter_by(booking_id=a.pending_id).count() == 1


def test_every_partner_page_fits_a_phone_and_a_desktop(phone_page, desktop_page, live_url, login, centers, container):
    a = centers[0]
    invoice_for(container, a.pending_id, now_utc())  # the settlements page lists a month of invoices
    _signed_in(phone_page, live_url, login, a.partner)
    desktop_page.context.add_cookies(phone_page.context.cookies())  # one sign-in, two screens
    for width, page in (("phone", phone_page), ("desktop", desktop_page)):
        for path in PAGES + [f"/partner/bookings/details/?id={a.completed_id}"]:
            page.goto(live_url + path)
            name = path.strip("/").replace("/", "-").split("?")[0] or "home"
            screenshot(page, f"{name}-{width}")
            _check_layout(page)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_center_admin_names_a_colleague_admin_from_the_profile(request, live_url, login, centers, container, width):
    a, page = centers[0], request.getfixturevalue(f"{width}_page")
    with container.uow() as uow:
        colleague = Factories(uow.session).staff(Role.PARTNER_STAFF, center=uow.session.get(Center, a.center_id))
        uow.commit()
    _signed_in(page, live_url, login, a.partner)
    page.goto(f"{live_url}/partner/profile/")
    _check_layout(page)
    form = page.locator(f"#make-admin-{colleague.id}")
    form.get_by_label("Why").fill("she runs the front desk")
    form.get_by_role("button", name="Make center admin").click()
    page.wait_for_selector(".flash-success")
    screenshot(page, f"partner-profile-admins-{width}")
    _check_layout(page)
    assert page.locator(f"#remove-admin-{colleague.id}").count() == 1
    with container.session_factory() as session:
        assert session.get(User, colleague.id).is_center_admin
