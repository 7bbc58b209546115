"""Report upload on the partner's booking page: type judged from the bytes, 25 MB, versions kept,
refusals are a clear 4xx that store nothing, downloads are attachments."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import documents
from core.actors import Actor
from core.errors import NotFound
from core.models import AnalyticsEvent, Booking, Document, Notification, OutboxMessage, Role
from core.models.notifications import Channel
from tests.partner_panel.conftest import PDF, PNG, post_page_form

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _upload(client, booking_id: int, data: bytes, name: str, content_type: str, label: str = "MRI Knee"):
    return post_page_form(client, f"/partner/bookings/details/?id={booking_id}", "report-upload", label=label,
                          files={"file": (io.BytesIO(data), name, content_type)})


def _stored(container) -> tuple[int, int]:
    """(document rows, files in storage) -- both must stay put when an upload is refused."""
    with container.session_factory() as session:
        rows = session.scalar(select(func.count()).select_from(Document))
    root = Path(container.settings.storage_dir)
    return rows, sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


@pytest.mark.parametrize(("data", "name", "content_type", "message"), [
    (b"MZ\x90\x00 not a report", "report.pdf", "application/pdf", "Only PDF, JPEG or PNG"),  # wrong type
    (PNG, "report.pdf", "application/pdf", "its content is PNG"),  # a PNG dressed as a PDF
    (PDF, "report.exe", "application/pdf", "named"),  # a PDF with a fake extension
    (b"", "report.pdf", "application/pdf", "The file is empty"),
], ids=["wrong-type", "fake-type", "fake-extension", "empty"])
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(
        partner_a, centers, container, data, name, content_type, message):
    before = _stored(container)
    response = _upload(partner_a, centers[0].completed_id, data, name, content_type)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _stored(container) == before


def test_a_file_over_25_mb_is_refused_and_nothing_is_stored(partner_a, centers, container):
    before = _stored(container)
    response = _upload(partner_a, centers[0].completed_id, PDF + b"0" * (25 * 1024 * 1024), "big.pdf",
                       "application/pdf")
    assert response.status_code == 422 and "the limit is 25 MB" in response.get_data(as_text=True)
    too_big = _upload(partner_a, centers[0].completed_id, PDF + b"0" * (27 * 1024 * 1024), "huge.pdf",
                      "application/pdf")
    assert too_big.status_code == 413 and "larger than 25 MB" in too_big.get_data(as_text=True)
    assert _stored(container) == before


def test_a_report_waits_for_the_scan_to_be_completed(partner_a, centers):
    page = partner_a.get(f"/partner/bookings/details/?id={centers[0].pending_id}").get_data(as_text=True)
    assert 'id="report-upload"' not in page and "Mark the scan completed" in page


def test_a_new_version_keeps_the_earlier_one_and_each_scan_has_its_own_file(partner_a, centers, container):
    booking = centers[0].completed_id
    for data, name, kind, label in [(PDF, "r.pdf", "application/pdf", "MRI Knee"),
                                    (PDF + b"%fixed", "r2.pdf", "application/pdf", "MRI Knee"),
                                    (JPEG, "film.jpg", "image/jpeg", "Films")]:
        assert _upload(partner_a, booking, data, name, kind, label).status_code == 302
    with container.session_factory() as session:
        files = session.execute(select(Document.label, Document.version).where(Document.booking_id == booking)
                                .order_by(Document.id)).all()
        announced = [m.payload["booking_id"] for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.topic == "report_ready"))].count(booking)
        turnaround = session.scalars(select(AnalyticsEvent.properties).where(
            AnalyticsEvent.name == "document_uploaded", AnalyticsEvent.booking_id == booking)
            .order_by(AnalyticsEvent.id)).all()
    assert [tuple(f) for f in files] == [("MRI Knee", 1), ("MRI Knee", 2), ("Films", 1)]
    assert announced == 3
    assert ["turnaround_minutes" in p for p in turnaround] == [True, False, False]  # completed -> first report
    page = partner_a.get(f"/partner/bookings/details/?id={booking}").get_data(as_text=True)
    assert "MRI Knee · version 2" in page and "MRI Knee · version 1" in page and "Films · version 1" in page


def test_the_same_file_uploaded_twice_is_one_version(partner_a, centers, container):
    booking = centers[0].completed_id
    for _ in range(2):
        assert _upload(partner_a, booking, PDF, "r.pdf", "application/pdf").status_code == 302
    with container.session_factory() as session:
        assert session.scalar(select(func.count()).where(Document.booking_id == booking)) == 1


def test_each_version_has_its_own_expiring_link_for_the_patient_only(centers, container):
    a, b = centers
    storage = container.adapters["storage"]
    with container.uow() as uow:
        partner = Actor.of(a.partner)
        first = documents.upload_report(uow.session, storage, actor=partner, booking_id=a.completed_id, data=PDF,
                                        content_type="application/pdf", label="MRI Knee")
        patient = Actor(Role.PATIENT, uow.session.get(Booking, a.completed_id).user_id)
        link = documents.report_file_link(uow.session, storage, actor=patient, booking_id=a.completed_id,
                                          document_id=first.id, expires_in=600)
        assert "/files/reports/" in link and "name=" in link
        stranger = Actor(Role.PATIENT, uow.session.get(Booking, b.completed_id).user_id)
        with pytest.raises(NotFound):
            documents.report_file_link(uow.session, storage, actor=stranger, booking_id=a.completed_id,
                                       document_id=first.id)
        uow.rollback()


def test_report_ready_links_the_newest_file_of_each_label(partner_a, centers, container):
    booking = centers[0].completed_id
    for data, label in [(PDF, "MRI Knee"), (PDF + b"%fixed", "MRI Knee"), (JPEG, "Films")]:
        assert _upload(partner_a, booking, data, "r.jpg" if data is JPEG else "r.pdf",
                       "image/jpeg" if data is JPEG else "application/pdf", label).status_code == 302
    container.jobs.drain()
    with container.session_factory() as session:
        keys = dict(session.execute(select(Document.version, Document.storage_key).where(
            Document.booking_id == booking, Document.label == "MRI Knee")).all())
        patient_id = session.get(Booking, booking).user_id
        last = session.scalars(select(Notification.body).where(
            Notification.user_id == patient_id, Notification.trigger == "report_ready",
            Notification.channel == Channel.WHATSAPP).order_by(Notification.id.desc())).first()
    lines = [line for line in last.splitlines() if "/files/reports/" in line]
    assert [line.split(":")[0] for line in lines] == ["Films", "MRI Knee"]  # one expiring link per label
    assert keys[2] in last and keys[1] not in last  # the corrected version, not the first one
    assert all("expires=" in line for line in lines)
