"""Prescriptions patients send and reports centers upload: validated, stored, linked with expiring URLs."""
from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import analytics, audit, outbox, topics
from core.actors import Actor
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.bookings import Booking, BookingStatus
from core.models.documents import Document, DocumentKind
from core.models.users import Role
from core.storage import FileStorage, check_expiry

MAX_BYTES = 10 * 1024 * 1024
# Judged by the first bytes, never by the name or the declared type: a phone may label anything.
_MAGIC = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
_EXTENSION = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}
_LIVE = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)
_REPORT_READERS = (Role.PATIENT, Role.PARTNER_STAFF, Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SYSTEM)


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (PDF, JPEG or PNG), or None."""
    return next((kind for kind, magic in _MAGIC.items() if data.startswith(magic)), None)


def validate(data: bytes, declared: str) -> str:
    """The checked content type; a clear ValidationError for empty, oversized, unknown or mislabeled files."""
    if not data:
        raise ValidationError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise ValidationError(f"The file is {len(data) / 1048576:.1f} MB; the limit is 10 MB.")
    actual = sniff(data)
    if actual is None:
        raise ValidationError("Only PDF, JPEG or PNG files are accepted.")
    claimed = declared.split(";")[0].strip().lower()
    if _ALIASES.get(claimed, claimed) != actual:
        raise ValidationError(f"The file is labelled {claimed or 'with no type'} but its content is "
                              f"{_EXTENSION[actual][1:].upper()}; please send it again.")
    return actual


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
                  content_type: str) -> Document:
    """A center uploads the report of a completed scan; the patient is told through 'report_ready'."""
    actor.require(Role.PARTNER_STAFF, Role.OPS_MANAGER, Role.SUPPORT_AGENT)
    booking = _booking(session, booking_id)
    actor.require_center(booking.center_id)
    if booking.status is not BookingStatus.COMPLETED:
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; mark the scan "
                                "completed before uploading its report.")
    content_type = validate(data, content_type)
    existing = _by_key(session, _key(DocumentKind.REPORT, booking.id, data, content_type))
    if existing is not None:
        return existing  # the same file again (a double click, a retried upload): nothing new to announce
    document = _store(session, storage, actor, kind=DocumentKind.REPORT, user_id=booking.user_id,
                      booking_id=booking.id, data=data, content_type=content_type)
    outbox.emit(session, topics.REPORT_READY, booking_id=booking.id, document_id=document.id)
    return document


def report_link(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int,
                expires_in: int = 24 * 3600) -> str:
    """A signed, expiring download link to the latest report of a booking the actor may see."""
    actor.require(*_REPORT_READERS)
    check_expiry(expires_in)
    booking = session.get(Booking, booking_id)
    if booking is None or (actor.role is Role.PATIENT and actor.user_id != booking.user_id):
        raise NotFound(f"No booking {booking_id} found.")  # another patient's booking reads as absent
    actor.require_center(booking.center_id)
    report = latest(session, booking_id=booking_id, kind=DocumentKind.REPORT)
    if report is None:
        raise NotFound(f"The report for booking {booking.reference} is not ready yet.")
    name = f"{booking.reference}-report{_EXTENSION.get(report.content_type, '')}"
    return storage.signed_url(report.storage_key, expires_in=expires_in, download_name=name)


def latest(session: Session, *, booking_id: int, kind: DocumentKind) -> Document | None:
    """The newest document of a kind on a booking."""
    return session.scalar(select(Document).where(Document.booking_id == booking_id, Document.kind == kind)
                          .order_by(Document.id.desc()).limit(1))


def _store(session: Session, storage: FileStorage, actor: Actor, *, kind: DocumentKind, user_id: int,
           booking_id: int | None, data: bytes, content_type: str) -> Document:
    key = _key(kind, booking_id or f"u{user_id}", data, content_type)
    existing = _by_key(session, key)
    if existing is not None:
        return existing  # content-addressed keys make a re-run of the same upload a no-op
    storage.put(key, data, content_type)
    document = Document(user_id=user_id, booking_id=booking_id, kind=kind, storage_key=key,
                        content_type=content_type, size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        uploaded_by=actor.user_id, uploaded_by_role=actor.role)
    session.add(document)
    session.flush()
    audit.record(session, actor=actor, action=f"document.{kind.value}_uploaded", entity_type="document",
                 entity_id=document.id, after={"booking_id": booking_id, "size_bytes": len(data)})
    analytics.record(session, "document_uploaded", user_id=user_id, booking_id=booking_id, kind=kind.value)
    return document


def _key(kind: DocumentKind, owner: object, data: bytes, content_type: str) -> str:
    digest = hashlib.sha256(data).hexdigest()[:32]
    return f"{kind.value}s/{owner}/{digest}{_EXTENSION[content_type]}"


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
