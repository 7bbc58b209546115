"""Storing a patient's or a center's document: content-addressed in file storage, one row, audited."""
from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import analytics, audit
from core.actors import Actor
from core.document_checks import EXTENSION
from core.errors import NotFound, ValidationError
from core.models.bookings import Booking
from core.models.documents import Document, DocumentKind
from core.report_naming import slug
from core.storage import FileStorage


def latest(session: Session, *, booking_id: int, kind: DocumentKind) -> Document | None:
    """The newest document of a kind on a booking."""
    return session.scalar(select(Document).where(Document.booking_id == booking_id, Document.kind == kind)
                          .order_by(Document.id.desc()).limit(1))


def store(session: Session, storage: FileStorage, actor: Actor, *, kind: DocumentKind, user_id: int,
          booking_id: int | None, data: bytes, content_type: str, label: str | None = None, version: int = 1,
          turnaround_minutes: int | None = None) -> Document:
    """Put the bytes in storage and record the document (the same bytes again return the first row)."""
    owner = f"{booking_id}/{slug(label)}" if label else booking_id or f"u{user_id}"
    storage_key = key(kind, owner, data, content_type)
    existing = by_key(session, storage_key)
    if existing is not None:
        return existing  # content-addressed keys make a re-run of the same upload a no-op
    storage.put(storage_key, data, content_type)
    document = Document(user_id=user_id, booking_id=booking_id, kind=kind, storage_key=storage_key,
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


def key(kind: DocumentKind, owner: object, data: bytes, content_type: str) -> str:
    """The storage key: by kind and owner, named by the content's digest."""
    digest = hashlib.sha256(data).hexdigest()[:32]
    return f"{kind.value}s/{owner}/{digest}{EXTENSION[content_type]}"


def by_key(session: Session, storage_key: str) -> Document | None:
    """The document stored under a key, if any."""
    return session.scalar(select(Document).where(Document.storage_key == storage_key))


def booking_or_raise(session: Session, booking_id: int) -> Booking:
    """The booking a document is for, or NotFound."""
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(f"Booking {booking_id} does not exist.")
    return booking
