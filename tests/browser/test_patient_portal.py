"""The patient portal in headless Chromium at 390 px: OTP sign-in, my bookings, a booking, a report
download, a GST invoice download, every page's width, booking and paying for a scan on the web, and the
emailed link confirmed on a phone not signed in (screenshots kept; one at desktop width too)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.clock import now_utc
from core.models import Booking, BookingStatus, Role, Slot
from core.portal import email_verification
from tests.browser.support import no_sideways_scroll, screenshot
from tests.conftest import sent_code
from tests.portal.conftest import World


@pytest.fixture
def asha(container):
    world = World(container)
    patient = world.patient()
    world.booking(patient, "confirmed", days=2, confirmed=True)
    world.booking(patient, "done", days=-3, completed=True)
    container.jobs.drain()
    return patient


def _sign_in(page, container, live_url, phone: str) -> None:
    page.goto(f"{live_url}/login")
    page.get_by_label("Mobile number").fill(phone.removeprefix("+91"))
    page.get_by_role("button", name="Send code").click()
    page.wait_for_url("**/login/code")
    page.get_by_label("6-digit code").fill(sent_code(container, phone))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me/")


def test_a_patient_signs_in_and_downloads_a_report_and_an_invoice_on_a_phone(live_url, phone_page, container, asha):
    page = phone_page
    container.adapters["storage"].base_url = live_url  # local links name the public address; here, this server
    _sign_in(page, container, live_url, asha.phone)
    screenshot(page, "portal-1-bookings-390")
    assert no_sideways_scroll(page) and asha.refs["confirmed"] in page.content()

    page.get_by_role("link", name="Documents").click()
    screenshot(page, "portal-2-documents-390")
    assert no_sideways_scroll(page)
    with page.expect_download() as report:
        page.get_by_role("link", name="Download").first.click()
    assert report.value.suggested_filename == f"{asha.refs['done']}-report-{asha.ids['document']}.pdf"
    assert open(report.value.path(), "rb").read().startswith(b"%PDF-")

    page.get_by_role("link", name="Payments").click()
    screenshot(page, "portal-3-payments-390")
    assert no_sideways_scroll(page)
    with page.expect_download() as invoice:
        page.get_by_role("link", name="Download GST invoice (PDF)").first.click()
    assert invoice.value.suggested_filename.startswith("MZ") and invoice.value.suggested_filename.endswith(".pdf")
    assert open(invoice.value.path(), "rb").read().startswith(b"%PDF-")

    page.goto(f"{live_url}/me/bookings/{asha.refs['confirmed']}")
    screenshot(page, "portal-4-booking-390")
    assert no_sideways_scroll(page) and "Open in maps" in page.content()
    page.get_by_role("link", name="Cancel booking").click()
    screenshot(page, "portal-5-cancel-390")
    assert no_sideways_scroll(page) and "You get back" in page.content()


def test_the_portal_booking_page_on_a_desktop(live_url, desktop_page, container, asha):
    _sign_in(desktop_page, container, live_url, asha.phone)
    desktop_page.goto(f"{live_url}/me/bookings/{asha.refs['confirmed']}")
    screenshot(desktop_page, "portal-6-booking-desktop")
    assert "Open in maps" in desktop_page.content()


def test_every_portal_page_fits_a_phone(live_url, phone_page, container, asha):
    _sign_in(phone_page, container, live_url, asha.phone)
    wide = []
    for path, name in [("/me/book", "book"), ("/me/support", "support"), ("/me/messages", "messages"),
                       ("/me/profile", "profile"), ("/me/privacy", "privacy"),
                       (f"/me/bookings/{asha.refs['confirmed']}/reschedule", "reschedule")]:
        phone_page.goto(f"{live_url}{path}")
        screenshot(phone_page, f"portal-page-{name}-390")
        if not no_sideways_scroll(phone_page):
            wide.append(path)
    assert wide == []


def test_a_patient_books_and_pays_for_a_scan_on_the_web_on_a_phone(live_url, phone_page, container, asha):
    with container.session_factory() as session:
        slot = session.scalars(select(Slot).where(Slot.claimed == 0, Slot.starts_at > session.get(
            Booking, asha.ids["booking:confirmed"]).slot.starts_at)).first()
        city_id, service = slot.city_id, slot.service_id
    container.adapters["payments"].base_url = live_url  # the sandbox's link names the public address
    page = phone_page
    _sign_in(page, container, live_url, asha.phone)
    page.get_by_role("link", name="Book a scan").first.click()
    page.get_by_label("City").select_option(str(city_id))
    page.get_by_label("Scan").select_option(str(service))
    page.get_by_role("button", name="Find free times").click()
    screenshot(page, "portal-7-book-results-390")
    assert no_sideways_scroll(page)
    page.locator(f"#slot-{slot.id}").check()
    page.get_by_role("button", name="Hold and pay").click()
    page.wait_for_url("**/sandbox/pay/**")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_load_state()
    container.jobs.drain()
    page.goto(f"{live_url}/me/")
    screenshot(page, "portal-8-booked-390")
    with container.session_factory() as session:
        booked = session.scalar(select(Booking).where(Booking.slot_id == slot.id, Booking.user_id == asha.user_id))
    assert booked.status is BookingStatus.PENDING and booked.source == "web"
    assert booked.reference in page.content()


def test_the_emailed_link_confirms_on_a_phone_that_is_not_signed_in(live_url, phone_page, container, asha):
    with container.uow() as uow:
        link = email_verification.start(uow.session, actor=Actor(Role.PATIENT, asha.user_id),
                                        email=f"asha{asha.user_id}@example.com", now=now_utc(),
                                        secret=container.settings.secret_key, base_url=live_url)
        uow.commit()
    phone_page.goto(link)
    screenshot(phone_page, "portal-9-email-link-390")
    assert no_sideways_scroll(phone_page)
    phone_page.get_by_role("button", name="Confirm this email").click()
    phone_page.get_by_role("heading", name="Email confirmed").wait_for()
    screenshot(phone_page, "portal-10-email-confirmed-390")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_top_up_invoice_of_a_moved_booking_downloads_from_the_documents_page(request, live_url, container,
                                                                                   width):
    world = World(container)
    patient = world.patient()
    world.booking(patient, "moved", days=3)
    top_up = world.moved_to_a_dearer_center(patient, "moved")
    container.jobs.drain()
    page = request.getfixturevalue(f"{width}_page")
    _sign_in(page, container, live_url, patient.phone)
    page.get_by_role("link", name="Documents").click()
    screenshot(page, f"portal-9-documents-invoices-{width}")
    assert no_sideways_scroll(page)
    card = page.locator("#invoices li", has_text="price difference")
    with page.expect_download() as invoice:
        card.get_by_role("link", name="Download GST invoice (PDF)").click()
    assert open(invoice.value.path(), "rb").read().startswith(b"%PDF-")
    assert page.locator(f'#invoices a[href="/me/invoices/{top_up}.pdf"]').count() == 1
    assert page.locator("#invoices li").count() == 2  # the booking's own invoice and the top-up
