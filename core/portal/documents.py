"""The patient's reports and prescriptions: listed, downloaded through short-lived links, and uploaded.

core.documents owns storing and validating files; this module only reads the patient's own rows and
records each download. A link is made at the click and lives 15 minutes (core.storage), so a forwarded
or leaked link is of little use; every download asked for is in the audit log.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core import audit, documents
from core.actors import Actor
from core.errors import NotFound
from core.models.bookings import Booking
from core.models.documents import Document
from core.models.users import Role
from core.portal import bookings
from core.storage import DEFAULT_LINK_SECONDS, FileStorage

_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def get_all(session: Session, *, actor: Actor) -> list[tuple[Document, Booking | None]]:
    """The patient's documents with their bookings, newest first."""
    actor.require(Role.PATIENT)
    rows = session.execute(select(Document, Booking).outerjoin(Booking, Booking.id == Document.booking_id)
                           .where(Document.user_id == actor.user_id)
                           .options(joinedload(Booking.service))
                           .order_by(Document.created_at.desc(), Document.id.desc()))
    return [(document, booking) for document, booking in rows]


def for_booking(session: Session, *, actor: Actor, booking_id: int) -> list[Document]:
    """The documents of one of the patient's bookings, newest first."""
    actor.require(Role.PATIENT)
    return list(session.scalars(select(Document).where(Document.booking_id == booking_id,
                                                       Document.user_id == actor.user_id)
                                .order_by(Document.id.desc())))


def download_link(session: Session, storage: FileStorage, *, actor: Actor, document_id: int,
                  expires_in: int = DEFAULT_LINK_SECONDS) -> str:
    """A fresh signed link to one of the patient's documents, audited; anyone else's is NotFound."""
    actor.require(Role.PATIENT)
    document = session.get(Document, document_id)
    if document is None or document.user_id != actor.user_id:
        raise NotFound(f"No document {document_id} found.")
    audit.record(session, actor=actor, action="document.downloaded", entity_type="document",
                 entity_id=document.id, after={"kind": document.kind.value})
    return storage.signed_url(document.storage_key, expires_in=expires_in,
                              download_name=download_name(session, document))


def download_name(session: Session, document: Document) -> str:
    """'MZ1A2B3C-report-17.pdf': the booking, the kind and the row, so two versions never share a name."""
    booking = session.get(Booking, document.booking_id) if document.booking_id else None
    prefix = booking.reference if booking else "medezy"
    return f"{prefix}-{document.kind.value}-{document.id}{_EXTENSIONS.get(document.content_type, '')}"


def upload_prescription(session: Session, storage: FileStorage, *, actor: Actor, reference: str, data: bytes,
                        content_type: str) -> Document:
    """Attach a prescription to one of the patient's bookings (bytes judged by core.documents)."""
    booking = bookings.get(session, actor=actor, reference=reference)
    return documents.attach_prescription(session, storage, actor=actor, data=data, content_type=content_type,
                                         booking_id=booking.id)
