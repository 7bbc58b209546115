"""Prescriptions patients send and reports centers upload: validated, stored, linked with expiring URLs."""
from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import analytics, audit, outbox, topics
from core.actors import Actor
from core.clock import now_utc
from core.document_checks import EXTENSION, MAX_BYTES, REPORT_MAX_BYTES, sniff, validate
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.bookings import Booking, BookingStatus
from core.models.documents import Document, DocumentKind
from core.models.users import Role
from core.report_naming import download_name as _download_name, label as _label, slug as _slug
from core.storage import FileStorage, check_expiry

__all__ = ["MAX_BYTES", "REPORT_MAX_BYTES", "sniff", "validate", "attach_prescription", "upload_report",
           "report_link", "latest", "reports", "newest_reports", "report_file", "report_file_link"]

_LIVE = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)
_REPORT_READERS = (Role.PATIENT, Role.PARTNER_STAFF, Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SYSTEM)


def attach_prescription(session: Session, storage: FileStorage, *, actor: Actor, data: bytes,
                        content_type: str, booking_id: int | None = None,
                        user_id: int | None = None) -> Document:
    """Store a patient's prescription on a booking (or their latest live one, or just on the patient)."""
    actor.require(Role.PATIENT, Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SYSTEM)
    booking = _prescription_booking(session, booking_id, user_id)
    owner = booking.user_id if booking else user_id
    actor.require_owner(owner)
    content_type = validate(data, content_type)
    return _store(session, storage, actor, kind=DocumentKind.PRESCRIPTION, user_id=owner,
                  booking_id=booking.id if booking else None, data=data, content_type=content_type)


def upload_report(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int, data: bytes,
                  content_type: str, label: str | None = None, filename: str | None = None) -> Document:
    """A center uploads a report file of a completed scan (a new version under the same label keeps the
    earlier ones); the patient is told through 'report_ready'."""
    actor.require(Role.PARTNER_STAFF, Role.OPS_MANAGER, Role.SUPPORT_AGENT)
    booking = _booking(session, booking_id)
    actor.require_center(booking.center_id)
    if booking.status is not BookingStatus.COMPLETED:
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; mark the scan "
                                "completed before uploading its report.")
    content_type = validate(data, content_type, max_bytes=REPORT_MAX_BYTES, filename=filename)
    label = _label(label)
    existing = _by_key(session, _key(DocumentKind.REPORT, f"{booking.id}/{_slug(label)}", data, content_type))
    if existing is not None:
        return existing  # the same file again (a double click, a retried upload): nothing new to announce
    first = latest(session, booking_id=booking.id, kind=DocumentKind.REPORT) is None
    document = _store(session, storage, actor, kind=DocumentKind.REPORT, user_id=booking.user_id,
                      booking_id=booking.id, data=data, content_type=content_type, label=label,
                      version=_next_version(session, booking.id, label),
                      turnaround_minutes=_turnaround(booking) if first else None)
    outbox.emit(session, topics.REPORT_READY, booking_id=booking.id, document_id=document.id)
    return document


def reports(session: Session, *, actor: Actor, booking_id: int) -> list[Document]:
    """Every report file of a booking the actor may see, by label, newest version first."""
    actor.require(*_REPORT_READERS)
    booking = _visible_booking(session, actor, booking_id)
    return list(session.scalars(select(Document).where(Document.booking_id == booking.id,
                                                       Document.kind == DocumentKind.REPORT)
                                .order_by(Document.label, Document.version.desc(), Document.id.desc())))


def newest_reports(session: Session, *, actor: Actor, booking_id: int) -> list[Document]:
    """The newest version of each labelled report file of a booking the actor may see, by label."""
    newest: dict[str | None, Document] = {}
    for document in reports(session, actor=actor, booking_id=booking_id):
        newest.setdefault(document.label, document)  # reports() lists each label's newest version first
    return list(newest.values())


def report_file(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int,
                document_id: int) -> tuple[str, str, bytes]:
    """(download name, content type, bytes) of one report file of a booking the actor may see."""
    document = _report_of(session, actor, booking_id, document_id)
    booking = session.get(Booking, booking_id)
    return _download_name(booking, document), document.content_type, storage.get(document.storage_key)


def report_file_link(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int, document_id: int,
                     expires_in: int = 24 * 3600) -> str:
    """A signed, expiring download link to one report file (any version) of a booking the actor may see."""
    check_expiry(expires_in)
    document = _report_of(session, actor, booking_id, document_id)
    booking = session.get(Booking, booking_id)
    return storage.signed_url(document.storage_key, expires_in=expires_in,
                              download_name=_download_name(booking, document))


def report_link(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int,
                expires_in: int = 24 * 3600) -> str:
    """A signed, expiring download link to the latest report of a booking the actor may see."""
    actor.require(*_REPORT_READERS)
    check_expiry(expires_in)
    booking = _visible_booking(session, actor, booking_id)
    report = latest(session, booking_id=booking_id, kind=DocumentKind.REPORT)
    if report is None:
        raise NotFound(f"The report for booking {booking.reference} is not ready yet.")
    return storage.signed_url(report.storage_key, expires_in=expires_in, download_name=_download_name(booking, report))


def latest(session: Session, *, booking_id: int, kind: DocumentKind) -> Document | None:
    """The newest document of a kind on a booking."""
    return session.scalar(select(Document).where(Document.booking_id == booking_id, Document.kind == kind)
                          .order_by(Document.id.desc()).limit(1))


def _store(session: Session, storage: FileStorage, actor: Actor, *, kind: DocumentKind, user_id: int,
           booking_id: int | None, data: bytes, content_type: str, label: str | None = None, version: int = 1,
           turnaround_minutes: int | None = None) -> Document:
    owner = f"{booking_id}/{_slug(label)}" if label else booking_id or f"u{user_id}"
    key = _key(kind, owner, data, content_type)
    existing = _by_key(session, key)
    if existing is not None:
        return existing  # content-addressed keys make a re-run of the same upload a no-op
    storage.put(key, data, content_type)
    document = Document(user_id=user_id, booking_id=booking_id, kind=kind, storage_key=key,
                        content_type=content_type, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        uploaded_by=actor.user_id, uploaded_by_role=actor.role, label=label, version=version)
    try:
        with session.begin_nested():
            session.add(document)
    except IntegrityError:  # another upload to the same booking and label took this version a moment ago
        raise ValidationError("Another upload of this file just finished; reload the page and check.") from None
    audit.record(session, actor=actor, action=f"document.{kind.value}_uploaded", entity_type="document",
                 entity_id=document.id, after={"booking_id": booking_id, "size_bytes": len(data), "label": label,
                                               "version": version, "turnaround_minutes": turnaround_minutes})
    extra = {} if turnaround_minutes is None else {"turnaround_minutes": turnaround_minutes}
    analytics.record(session, "document_uploaded", user_id=user_id, booking_id=booking_id, kind=kind.value, **extra)
    return document


def _key(kind: DocumentKind, owner: object, data: bytes, content_type: str) -> str:
    digest = hashlib.sha256(data).hexdigest()[:32]
    return f"{kind.value}s/{owner}/{digest}{EXTENSION[content_type]}"


def _by_key(session: Session, key: str) -> Document | None:
    return session.scalar(select(Document).where(Document.storage_key == key))


def _prescription_booking(session: Session, booking_id: int | None, user_id: int | None) -> Booking | None:
    if (booking_id is None) == (user_id is None):
        raise ValidationError("Attach a prescription to a booking or to a patient, not both or neither.")
    if booking_id is not None:
        return _booking(session, booking_id)
    return session.scalar(select(Booking).where(Booking.user_id == user_id, Booking.status.in_(_LIVE))
                          .order_by(Booking.created_at.desc(), Booking.id.desc()).limit(1))


def _booking(session: Session, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(f"Booking {booking_id} does not exist.")
    return booking


def _report_of(session: Session, actor: Actor, booking_id: int, document_id: int) -> Document:
    document = next((d for d in reports(session, actor=actor, booking_id=booking_id) if d.id == document_id), None)
    if document is None:
        raise NotFound(f"No report file {document_id} on this booking.")
    return document


def _visible_booking(session: Session, actor: Actor, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None or (actor.role is Role.PATIENT and actor.user_id != booking.user_id):
        raise NotFound(f"No booking {booking_id} found.")  # another patient's booking reads as absent
    if actor.role is Role.PARTNER_STAFF and actor.center_id != booking.center_id:
        raise NotFound(f"No booking {booking_id} found.")  # and so does another center's
    return booking


def _next_version(session: Session, booking_id: int, label: str) -> int:
    found = session.scalar(select(func.max(Document.version)).where(
        Document.booking_id == booking_id, Document.kind == DocumentKind.REPORT, Document.label == label))
    return (found or 0) + 1


def _turnaround(booking: Booking) -> int | None:
    """Minutes from the scan marked completed to its first report: the figure the scorecard holds centers to."""
    if booking.completed_at is None:
        return None
    return max(0, int((now_utc() - booking.completed_at).total_seconds() // 60))
