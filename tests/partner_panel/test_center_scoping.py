"""A partner of center A asking for center B's rows by id gets 404 on every path, as if they did not exist."""
from __future__ import annotations

import io

import pytest

from tests.partner_panel.conftest import PDF, own_rows


@pytest.fixture
def b_rows(container, centers):
    return own_rows(container, centers[1])


def _paths(b, rows) -> list[tuple[str, str]]:
    # Edit forms are refused to partners for every row, their own too (403, tests/console/test_url_walk.py).
    booking, done = b.pending_id, b.completed_id
    return [
        ("GET", f"/partner/bookings/details/?id={booking}"),
        ("POST", f"/partner/bookings/act/confirm/?id={booking}"),
        ("POST", f"/partner/bookings/act/check_in/?id={booking}"),
        ("POST", f"/partner/bookings/act/cancel/?id={booking}"),
        ("POST", f"/partner/bookings/contact/?id={booking}"),
        ("POST", f"/partner/bookings/report/?id={done}"),
        ("GET", f"/partner/bookings/report-file/?id={done}&file={rows.report_id}"),
        ("GET", f"/partner/slots/details/?id={b.free_slot_id}"),
        ("GET", f"/partner/settlements/{rows.settlement_id}.pdf"),
        ("GET", f"/partner/settlements/{rows.settlement_id}.csv"),
        ("GET", f"/partner/support/{rows.ticket_id}"),
        ("POST", f"/partner/support/{rows.ticket_id}/notes"),
    ]


def test_every_path_to_another_centers_rows_is_not_found(partner_a, centers, b_rows):
    answers = {f"{method} {path}": partner_a.open(path, method=method).status_code
               for method, path in _paths(centers[1], b_rows)}
    assert answers == {key: 404 for key in answers}


def test_a_report_of_another_center_cannot_be_fetched_through_ones_own_booking(partner_a, centers, b_rows):
    """The file id must belong to the booking asked about: A's booking with B's file id is a 404 too."""
    a = centers[0]
    response = partner_a.get(f"/partner/bookings/report-file/?id={a.completed_id}&file={b_rows.report_id}")
    assert response.status_code == 404


def test_another_centers_rows_appear_in_no_list(partner_a, centers, b_rows, container):
    from core.models import Booking
    with container.session_factory() as session:
        b_reference = session.get(Booking, centers[1].pending_id).reference
    pages = ["/partner/", "/partner/bookings/", "/partner/schedule/", "/partner/support/", "/partner/settlements/"]
    html = "".join(partner_a.get(page).get_data(as_text=True) for page in pages)
    assert b_reference not in html and "Machine down tomorrow" not in html


def test_own_rows_open(partner_a, container, centers):
    a = centers[0]
    rows = own_rows(container, a)
    for path in [f"/partner/bookings/report-file/?id={a.completed_id}&file={rows.report_id}",
                 f"/partner/settlements/{rows.settlement_id}.pdf", f"/partner/support/{rows.ticket_id}"]:
        assert partner_a.get(path).status_code == 200, path
    file = partner_a.get(f"/partner/bookings/report-file/?id={a.completed_id}&file={rows.report_id}")
    assert file.data == PDF and file.headers["Content-Disposition"].startswith("attachment")
    assert file.headers["X-Content-Type-Options"] == "nosniff"
    assert io.BytesIO(partner_a.get(f"/partner/settlements/{rows.settlement_id}.pdf").data).read(5) == b"%PDF-"
