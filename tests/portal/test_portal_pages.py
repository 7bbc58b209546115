"""The patient portal through a signed-in browser session: bookings paged, one booking with what the
patient may know, cancel with the refund shown first, reschedule, documents, invoices and paying again."""
from __future__ import annotations

import re

from sqlalchemy import select

from core.models import AuditEntry, Booking, BookingStatus, Document, Invoice, Payment, PaymentStatus
from tests.conftest import csrf_token


def test_my_bookings_lists_upcoming_soonest_first_and_past(signed_in, asha):
    page = signed_in(asha).get("/me/").get_data(as_text=True)
    upcoming, past = page.split("Past and cancelled")
    found = re.findall(r"/me/bookings/(MZ\w+)", upcoming)
    assert found == [asha.refs["confirmed"], asha.refs["pending"], asha.refs["failed"]]
    assert asha.refs["done"] in past


def test_the_full_history_pages_past_the_first_ten(world, signed_in):
    patient = world.patient()
    for n in range(12):
        world.booking(patient, f"old{n}", days=-(n + 1), paid=False)
    client = signed_in(patient)
    first, second = client.get("/me/").get_data(as_text=True), client.get("/me/?past=2").get_data(as_text=True)
    shown = set(re.findall(r"/me/bookings/(MZ\w+)", first)) | set(re.findall(r"/me/bookings/(MZ\w+)", second))
    assert "past=2" in first and len(shown) == 12


def test_a_pending_booking_shows_the_area_and_a_confirmed_one_the_address_and_map(container, signed_in, asha):
    client = signed_in(asha)
    pending = client.get(f"/me/bookings/{asha.refs['pending']}").get_data(as_text=True)
    confirmed = client.get(f"/me/bookings/{asha.refs['confirmed']}").get_data(as_text=True)
    with container.session_factory() as session:
        center = session.get(Booking, asha.ids["booking:confirmed"]).center
        pending_center = session.get(Booking, asha.ids["booking:pending"]).center
    assert pending_center.address not in pending and "Kothrud" in pending and "maps" not in pending
    assert center.address in confirmed and "google.com/maps" in confirmed
    assert "MedEzy fee" in confirmed and "Remove metal objects." in confirmed


def test_cancel_shows_the_refund_first_then_cancels_and_refunds_that_amount(container, signed_in, asha):
    client = signed_in(asha)
    ref = asha.refs["pending"]
    page = client.get(f"/me/bookings/{ref}/cancel").get_data(as_text=True)
    quoted = re.search(r'name="quoted_refund_paise" type="hidden" value="(\d+)"', page).group(1)
    assert "You get back" in page and int(quoted) > 0
    done = client.post(f"/me/bookings/{ref}/cancel", data={"csrf_token": csrf_token(page),
                                                            "quoted_refund_paise": quoted, "reason": "travel"})
    assert done.status_code == 302
    with container.session_factory() as session:
        assert session.get(Booking, asha.ids["booking:pending"]).status is BookingStatus.CANCELLED


def test_a_cancel_whose_refund_changed_since_the_page_is_refused_and_changes_nothing(container, signed_in, asha):
    client = signed_in(asha)
    ref = asha.refs["pending"]
    page = client.get(f"/me/bookings/{ref}/cancel").get_data(as_text=True)
    client.post(f"/me/bookings/{ref}/cancel", data={"csrf_token": csrf_token(page), "quoted_refund_paise": "1"})
    assert "has changed" in client.get(f"/me/bookings/{ref}").get_data(as_text=True)
    with container.session_factory() as session:
        assert session.get(Booking, asha.ids["booking:pending"]).status is BookingStatus.PENDING


def test_reschedule_moves_the_booking_to_a_free_slot_for_the_same_person(container, signed_in, asha):
    client = signed_in(asha)
    ref = asha.refs["confirmed"]
    page = client.get(f"/me/bookings/{ref}/reschedule").get_data(as_text=True)
    assert "For <strong>Asha Rao</strong>" in page and "book a new scan" in page  # whom it is for, and stays for
    slot_id = re.search(r'name="slot_id" id="slot-(\d+)"', page).group(1)
    client.post(f"/me/bookings/{ref}/reschedule", data={"csrf_token": csrf_token(page), "slot_id": slot_id})
    with container.session_factory() as session:
        moved = session.get(Booking, asha.ids["booking:confirmed"])
        assert moved.slot_id == int(slot_id) and (moved.patient_name, moved.family_member_id) == ("Asha Rao", None)


def test_a_report_download_is_audited_and_served_as_an_attachment(app, container, signed_in, asha):
    client = signed_in(asha)
    assert "Download" in client.get("/me/documents").get_data(as_text=True)
    link = client.get(f"/me/documents/{asha.ids['document']}/download")
    assert link.status_code == 302
    served = app.test_client().get(link.location)
    assert served.status_code == 200 and served.data.startswith(b"%PDF-")
    assert f'filename={asha.refs["done"]}-report-{asha.ids["document"]}.pdf' in served.headers["Content-Disposition"]
    assert served.headers["Content-Disposition"].startswith("attachment")
    with container.session_factory() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "document.downloaded",
                                                       AuditEntry.entity_id == str(asha.ids["document"])))


def test_an_invoice_downloads_as_a_gst_pdf(container, signed_in, asha):
    response = signed_in(asha).get(f"/me/invoices/{asha.ids['invoice']}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="MZ')


def test_a_top_up_invoice_is_listed_with_the_bookings_own_and_downloads_like_it(container, world, signed_in):
    patient = world.patient()
    world.booking(patient, "moved", days=3)
    world.booking(patient, "other", days=4)
    top_up = world.moved_to_a_dearer_center(patient, "moved")
    with container.session_factory() as session:
        own = session.scalar(select(Invoice.id).where(Invoice.booking_id == patient.ids["booking:moved"]))
        other = session.scalar(select(Invoice.id).where(Invoice.booking_id == patient.ids["booking:other"]))
    client = signed_in(patient)
    for path in ("/me/documents", "/me/payments"):
        listed = re.findall(r"/me/invoices/(\d+)\.pdf", client.get(path).get_data(as_text=True))
        assert sorted(map(int, listed)) == sorted([own, other, top_up]), path
    booking_page = client.get(f"/me/bookings/{patient.refs['moved']}").get_data(as_text=True)
    assert sorted(map(int, re.findall(r"/me/invoices/(\d+)\.pdf", booking_page))) == sorted([own, top_up])
    assert "(price difference)" in booking_page
    response = client.get(f"/me/invoices/{top_up}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_a_failed_payment_gets_a_new_link_through_checkout(container, signed_in, asha):
    client = signed_in(asha)
    page = client.get(f"/me/bookings/{asha.refs['failed']}").get_data(as_text=True)
    assert "Try paying again" in page
    response = client.post(f"/me/bookings/{asha.refs['failed']}/pay-again", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302 and "/sandbox/pay/" in response.location
    with container.session_factory() as session:
        states = session.scalars(select(Payment.status).where(Payment.booking_id == asha.ids["booking:failed"])
                                 .order_by(Payment.id)).all()
    # the failed attempt, the link WhatsApp sent after it (now retired), and the portal's new one
    assert states == [PaymentStatus.FAILED, PaymentStatus.EXPIRED, PaymentStatus.CREATED]


def test_a_prescription_upload_is_stored_and_bad_files_get_a_clear_422(container, signed_in, asha):
    client = signed_in(asha)
    ref = asha.refs["pending"]
    url = f"/me/bookings/{ref}/prescription"
    token = csrf_token(client.get(f"/me/bookings/{ref}").get_data(as_text=True))

    def send(data: bytes, name: str, kind: str):
        from io import BytesIO
        return client.post(url, data={"csrf_token": token, "file": (BytesIO(data), name, kind)},
                           content_type="multipart/form-data")
    assert send(b"<html><script>alert(1)</script>", "rx.pdf", "application/pdf").status_code == 422
    too_big = send(b"%PDF-" + b"0" * (10 * 1024 * 1024), "rx.pdf", "application/pdf")
    assert too_big.status_code == 422 and "limit is 10 MB" in too_big.get_data(as_text=True)
    assert send(b"", "rx.pdf", "application/pdf").status_code == 422
    assert send(b"%PDF-1.4 rx", "rx.pdf", "application/pdf").status_code == 302
    with container.session_factory() as session:
        kinds = session.scalars(select(Document.kind).where(Document.booking_id == asha.ids["booking:pending"])).all()
    assert [k.value for k in kinds] == ["prescription"]
