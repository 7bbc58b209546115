"""Scan reports a center uploads: labelled files with versions, the patient told when one is ready,
read back through expiring links by those who may see the booking."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import outbox, topics
from core.actors import Actor
from core.clock import now_utc
from core.document_checks import REPORT_MAX_BYTES, validate
from core.document_store import booking_or_raise, by_key, key, latest, store
from core.errors import IllegalTransition, NotFound
from core.models.bookings import Booking, BookingStatus
from core.models.documents import Document, DocumentKind
from core.models.users import Role
from core.report_naming import download_name, label as checked_label, slug
from core.storage import FileStorage, check_expiry

_REPORT_READERS = (Role.PATIENT, Role.PARTNER_STAFF, Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SYSTEM)


def upload_report(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int, data: bytes,
                  content_type: str, label: str | None = None, filename: str | None = None) -> Document:
    """A center uploads a report file of a completed scan (a new version under the same label keeps the
    earlier ones); the patient is told through 'report_ready'."""
    actor.require(Role.PARTNER_STAFF, Role.OPS_MANAGER, Role.SUPPORT_AGENT)
    booking = booking_or_raise(session, booking_id)
    actor.require_center(booking.center_id)
    if booking.status is not BookingStatus.COMPLETED:
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; mark the scan "
                                "completed before uploading its report.")
    content_type = validate(data, content_type, max_bytes=REPORT_MAX_BYTES, filename=filename)
    label = checked_label(label)
    existing = by_key(session, key(DocumentKind.REPORT, f"{booking.id}/{slug(label)}", data, content_type))
    if existing is not None:
        return existing  # the same file again (a double click, a retried upload): nothing new to announce
    first = latest(session, booking_id=booking.id, kind=DocumentKind.REPORT) is None
    document = store(session, storage, actor, kind=DocumentKind.REPORT, user_id=booking.user_id,
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
    return download_name(booking, document), document.content_type, storage.get(document.storage_key)


def report_file_link(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int, document_id: int,
                     expires_in: int = 24 * 3600) -> str:
    """A signed, expiring download link to one report file (any version) of a booking the actor may see."""
    check_expiry(expires_in)
    document = _report_of(session, actor, booking_id, document_id)
    booking = session.get(Booking, booking_id)
    return storage.signed_url(document.storage_key, expires_in=expires_in,
                              download_name=download_name(booking, document))


def report_link(session: Session, storage: FileStorage, *, actor: Actor, booking_id: int,
                expires_in: int = 24 * 3600) -> str:
    """A signed, expiring download link to the latest report of a booking the actor may see."""
    actor.require(*_REPORT_READERS)
    check_expiry(expires_in)
    booking = _visible_booking(session, actor, booking_id)
    report = latest(session, booking_id=booking_id, kind=DocumentKind.REPORT)
    if report is None:
        raise NotFound(f"The report for booking {booking.reference} is not ready yet.")
    return storage.signed_url(report.storage_key, expires_in=expires_in, download_name=download_name(booking, report))


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
