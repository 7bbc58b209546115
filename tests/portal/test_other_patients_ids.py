"""A patient reaching for another patient's booking, document or invoice by id or reference gets 404,
on every portal path, reads and writes alike, and nothing changes."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.models import AuditEntry, Booking, BookingStatus
from tests.conftest import csrf_token

READS = ["/me/bookings/{done}", "/me/bookings/{pending}/cancel", "/me/bookings/{pending}/reschedule",
         "/me/documents/{document}/download", "/me/invoices/{invoice}.pdf"]
WRITES = ["/me/bookings/{pending}/cancel", "/me/bookings/{pending}/reschedule", "/me/bookings/{failed}/pay-again",
          "/me/bookings/{pending}/prescription"]


@pytest.fixture
def intruder(world, signed_in, asha):
    ravi = world.patient()
    return signed_in(ravi), {**asha.refs, **{k: v for k, v in asha.ids.items() if ":" not in k}}


def test_reading_another_patients_things_is_not_found(intruder):
    client, ids = intruder
    answers = {path: client.get(path.format(**ids)).status_code for path in READS}
    assert answers == {path: 404 for path in READS}


def test_changing_another_patients_booking_is_not_found_and_changes_nothing(container, intruder, asha):
    client, ids = intruder
    token = csrf_token(client.get("/me/").get_data(as_text=True))
    with container.session_factory() as session:
        audits = session.scalar(select(func.count(AuditEntry.id)))
    answers = {path: client.post(path.format(**ids), data={"csrf_token": token, "quoted_refund_paise": "0",
                                                           "slot_id": "1"}).status_code for path in WRITES}
    assert answers == {path: 404 for path in WRITES}
    with container.session_factory() as session:
        assert session.get(Booking, asha.ids["booking:pending"]).status is BookingStatus.PENDING
        assert session.scalar(select(func.count(AuditEntry.id))) == audits


def test_the_lists_show_only_the_patients_own_rows(intruder, asha):
    client, ids = intruder
    for path in ("/me/", "/me/documents", "/me/payments"):
        page = client.get(path).get_data(as_text=True)
        assert not any(ref in page for ref in asha.refs.values())
        assert f"/me/invoices/{ids['invoice']}.pdf" not in page and f"/me/documents/{ids['document']}/" not in page


def test_another_patients_top_up_invoice_is_not_found_nor_listed(world, signed_in, asha):
    top_up = world.moved_to_a_dearer_center(asha, "pending")
    client = signed_in(world.patient())
    assert client.get(f"/me/invoices/{top_up}.pdf").status_code == 404
    assert all(f"/me/invoices/{top_up}.pdf" not in client.get(path).get_data(as_text=True)
               for path in ("/me/documents", "/me/payments"))
    assert signed_in(asha).get(f"/me/invoices/{top_up}.pdf").status_code == 200
