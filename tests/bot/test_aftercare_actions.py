"""Refund status, centre location, invoices and patient-detail corrections, on real Trackers and Postgres."""
from __future__ import annotations

from sqlalchemy import select

from bot.actions.aftercare import (CenterLocation, ChangePatientDetails, RefundStatusAction, SendInvoice,
                                   read_corrections)
from core.clock import now_utc
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment
from core.models.refunds import Refund, RefundStatus
from core.payments import cancellation, fees, invoice_links
from core.payments.invoices import issue_for_payment
from tests.payments.conftest import FINANCE

S = BookingStatus


def _refund(committed, booking: Booking) -> Refund:
    [refund] = cancellation.refund_for(committed.session, booking_id=booking.id, cancelled_by="ops_manager",
                                        finance=FINANCE)
    committed.session.commit()
    return refund


def test_refund_status_names_the_amount_and_where_it_stands(chat, book, committed):
    booking = book(S.CANCELLED)
    refund = _refund(committed, booking)

    reply = chat.run(RefundStatusAction(), "refund kab aayega", intent="refund_status")

    assert booking.reference in reply.text
    assert f"₹{refund.amount_paise // 100:,}" in reply.text
    assert refund.status in (RefundStatus.QUEUED, RefundStatus.AWAITING_APPROVAL, RefundStatus.PENDING)
    assert reply.slots["booking_ref"] == booking.reference


def test_refund_status_without_a_cancelled_booking_says_none_is_due(chat, book):
    book(S.CONFIRMED)

    reply = chat.run(RefundStatusAction(), "where is my refund", intent="refund_status")

    assert "no refund" in reply.text.lower()


def test_centre_location_gives_address_map_and_phone_once_confirmed(chat, book):
    booking = book(S.CONFIRMED)
    center = booking.center

    reply = chat.run(CenterLocation(), "centre kahan hai", intent="center_location")

    assert center.address in reply.text and center.phone in reply.text
    assert f"maps.google.com/?q={center.latitude:.6f},{center.longitude:.6f}" in reply.text


def test_centre_location_before_confirmation_gives_only_the_area(chat, book):
    booking = book(S.HELD)

    reply = chat.run(CenterLocation(), "address please", intent="center_location")

    assert booking.center.area in reply.text and booking.center.address not in reply.text


def test_invoice_link_is_signed_for_the_patients_invoice(chat, book, committed, container):
    booking = book(S.CONFIRMED)
    session = committed.session
    payment = session.scalar(select(Payment).where(Payment.booking_id == booking.id))
    invoice = issue_for_payment(session, payment=payment, split=fees.for_booking(booking, container.adapters["finance"]), finance=container.adapters["finance"],
                                now=now_utc())
    session.commit()

    reply = chat.run(SendInvoice(), "bill chahiye", intent="invoice_request")

    link = next(word for word in reply.text.split() if "/invoices/" in word)
    query = dict(part.split("=") for part in link.split("?")[1].split("&"))
    secret = container.settings.secret_key
    assert link.startswith(f"{container.settings.public_base_url.rstrip('/')}/invoices/{invoice.id}.pdf")
    assert invoice_links.verify(invoice.id, int(query["expires"]), query["sig"], secret)
    assert invoice.number in reply.text


def test_invoice_before_payment_is_explained(chat, book):
    book(S.HELD)

    reply = chat.run(SendInvoice(), "invoice", intent="invoice_request")

    assert "/invoices/" not in reply.text and "invoice" in reply.text.lower()


def test_correcting_the_name_changes_only_the_name(chat, book, read):
    booking = book(S.CONFIRMED)

    reply = chat.run(ChangePatientDetails(), "name should be Ramesh Kumar Gupta", intent="change_patient_details")

    with read() as session:
        saved = session.get(Booking, booking.id)
        assert (saved.patient_name, saved.patient_age) == ("Ramesh Kumar Gupta", 45)
    assert reply.slots["pending_action"] is None and "Ramesh Kumar Gupta" in reply.text


def test_a_vague_correction_asks_what_to_change_then_takes_the_answer(chat, book, read):
    booking = book(S.CONFIRMED)

    asked = chat.run(ChangePatientDetails(), "naam galat hai", intent="change_patient_details")
    answered = chat.run(ChangePatientDetails(), "sunita sharma", intent="inform")

    assert asked.slots["pending_action"] == "change_patient" and "name" in asked.text
    assert answered.slots["pending_action"] is None
    with read() as session:
        assert session.get(Booking, booking.id).patient_name == "Sunita Sharma"


def test_a_completed_booking_cannot_be_corrected_here(chat, book, read, committed):
    booking = book(S.CONFIRMED)
    with read() as session:
        session.get(Booking, booking.id).status = S.COMPLETED
        session.commit()

    reply = chat.run(ChangePatientDetails(), "age 50", intent="change_patient_details",
                     slots={"booking_ref": booking.reference})

    assert "agent" in reply.text
    with read() as session:
        assert session.get(Booking, booking.id).patient_age == 45


def test_corrections_read_each_field_and_nothing_else():
    assert read_corrections("change the gender, it should be female", []) == {"sex": "female"}
    assert read_corrections("wrong age entered, she is 62 not 26", []) == {"age": 62}
    assert read_corrections("umar 60 karo", []) == {"age": 60}
    assert read_corrections("please change the patient name to sunita sharma", []) == {"name": "Sunita Sharma"}
    assert read_corrections("naam galat likha hai", []) == {}
