"""Prescriptions and reports: checked by content, stored once, linked with expiring, patient-scoped URLs."""
from __future__ import annotations

import hashlib
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from core import documents
from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, NotFound, ValidationError
from core.models import AnalyticsEvent, DocumentKind, OutboxMessage
from core.storage import LocalStorage
from tests.documents.helpers import completed, held, partner_of

PDF = b"%PDF-1.7\n" + b"x" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"x" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"x" * 100


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "files", secret="test-secret", base_url="https://medezy.example")


@pytest.mark.parametrize(("data", "declared", "expected"), [
    (PDF, "application/pdf", "application/pdf"), (JPEG, "image/jpeg", "image/jpeg"),
    (JPEG, "image/jpg", "image/jpeg"), (PNG, "image/png; charset=binary", "image/png")])
def test_pdf_jpeg_and_png_pass_by_their_content(data, declared, expected):
    assert documents.validate(data, declared) == expected


@pytest.mark.parametrize(("data", "declared", "message"), [
    (b"", "application/pdf", "empty"),
    (PDF, "image/png", "labelled image/png but its content is PDF"),
    (b"GIF89a" + b"x" * 10, "image/gif", "Only PDF, JPEG or PNG"),
    (b"MZ\x90\x00 not really a pdf", "application/pdf", "Only PDF, JPEG or PNG"),
    (b"%PDF-" + b"x" * documents.MAX_BYTES, "application/pdf", "limit is 10 MB"),
])
def test_bad_files_get_a_clear_error(data, declared, message):
    with pytest.raises(ValidationError, match=message):
        documents.validate(data, declared)


def test_prescription_attaches_to_the_latest_live_booking(session, factories, storage):
    patient = factories.patient()
    held(factories, session, patient)
    latest = held(factories, session, patient)
    document = documents.attach_prescription(session, storage, actor=Actor.of(patient), user_id=patient.id,
                                             data=PDF, content_type="application/pdf")
    assert (document.booking_id, document.kind) == (latest.id, DocumentKind.PRESCRIPTION)
    assert (document.sha256, document.size_bytes) == (hashlib.sha256(PDF).hexdigest(), len(PDF))
    assert storage.get(document.storage_key) == PDF
    event = session.scalar(select(AnalyticsEvent).where(AnalyticsEvent.name == "document_uploaded",
                                                        AnalyticsEvent.user_id == patient.id))
    assert event.properties == {"kind": "prescription"}


def test_prescription_without_a_booking_stays_with_the_patient(session, factories, storage):
    patient = factories.patient()
    document = documents.attach_prescription(session, storage, actor=Actor.of(patient), user_id=patient.id,
                                             data=JPEG, content_type="image/jpeg")
    assert (document.booking_id, document.user_id) == (None, patient.id)


def test_the_same_prescription_twice_is_stored_once(session, factories, storage):
    patient = factories.patient()
    first, again = (documents.attach_prescription(session, storage, actor=Actor.of(patient), user_id=patient.id,
                                                  data=PNG, content_type="image/png") for _ in range(2))
    assert first.id == again.id


def test_patients_cannot_attach_to_someone_elses_booking(session, factories, storage):
    booking = held(factories, session)
    with pytest.raises(Forbidden):
        documents.attach_prescription(session, storage, actor=Actor.of(factories.patient()),
                                      booking_id=booking.id, data=PDF, content_type="application/pdf")


def test_mislabelled_upload_changes_nothing(session, factories, storage, tmp_path):
    patient = factories.patient()
    with pytest.raises(ValidationError, match="labelled"):
        documents.attach_prescription(session, storage, actor=Actor.of(patient), user_id=patient.id,
                                      data=PNG, content_type="application/pdf")
    assert not (tmp_path / "files").exists()


def test_report_upload_announces_report_ready_once(session, factories, storage):
    booking = completed(factories, session)
    partner = partner_of(factories, booking)
    first = documents.upload_report(session, storage, actor=partner, booking_id=booking.id, data=PDF,
                                    content_type="application/pdf")
    again = documents.upload_report(session, storage, actor=partner, booking_id=booking.id, data=PDF,
                                    content_type="application/pdf")
    ready = [m.payload for m in session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "report_ready"))
             if m.payload["booking_id"] == booking.id]
    assert first.id == again.id and ready == [{"booking_id": booking.id, "document_id": first.id}]


def test_report_needs_a_completed_scan(session, factories, storage):
    booking = held(factories, session)
    with pytest.raises(IllegalTransition, match="mark the scan completed"):
        documents.upload_report(session, storage, actor=partner_of(factories, booking), booking_id=booking.id,
                                data=PDF, content_type="application/pdf")


def test_partner_cannot_upload_for_another_center(session, factories, storage):
    booking = completed(factories, session)
    other = partner_of(factories, held(factories, session))
    with pytest.raises(Forbidden):
        documents.upload_report(session, storage, actor=other, booking_id=booking.id, data=PDF,
                                content_type="application/pdf")


def test_report_link_is_signed_named_and_expires(session, factories, storage):
    booking = _with_report(factories, session, storage)
    url = documents.report_link(session, storage, actor=Actor.of(booking.user), booking_id=booking.id,
                                expires_in=600)
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    key, expires = parts.path.removeprefix("/files/"), int(query["expires"])
    assert query["name"] == f"{booking.reference}-report.pdf"
    assert storage.verify(key, expires, query["sig"], download_name=query["name"])
    assert not storage.verify(key, expires, query["sig"], download_name=query["name"], now=time.time() + 601)


def test_a_report_link_renamed_by_its_holder_is_refused(session, factories, storage):
    booking = _with_report(factories, session, storage)
    url = documents.report_link(session, storage, actor=Actor.of(booking.user), booking_id=booking.id)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    key = urlsplit(url).path.removeprefix("/files/")
    assert not storage.verify(key, int(query["expires"]), query["sig"], download_name="report.html")


def test_another_patient_cannot_get_the_report_link(session, factories, storage):
    booking = _with_report(factories, session, storage)
    with pytest.raises(NotFound):
        documents.report_link(session, storage, actor=Actor.of(factories.patient()), booking_id=booking.id)


def test_report_link_before_the_report_exists_says_so(session, factories, storage):
    booking = completed(factories, session)
    with pytest.raises(NotFound, match="not ready yet"):
        documents.report_link(session, storage, actor=Actor.of(booking.user), booking_id=booking.id)


def test_report_link_cannot_outlive_seven_days(session, factories, storage):
    booking = _with_report(factories, session, storage)
    with pytest.raises(ValidationError, match="7 days"):
        documents.report_link(session, storage, actor=Actor.of(booking.user), booking_id=booking.id,
                              expires_in=8 * 24 * 3600)


def _with_report(f, session, storage):
    booking = completed(f, session)
    documents.upload_report(session, storage, actor=partner_of(f, booking), booking_id=booking.id, data=PDF,
                            content_type="application/pdf")
    return booking
