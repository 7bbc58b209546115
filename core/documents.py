"""Prescriptions patients send (validated, stored on their booking or on them) and, through
core.report_files, the reports centers upload; both kept by core.document_store."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.document_checks import MAX_BYTES, REPORT_MAX_BYTES, sniff, validate
from core.document_store import booking_or_raise, latest, store
from core.errors import ValidationError
from core.models.bookings import Booking, BookingStatus
from core.models.documents import Document, DocumentKind
from core.models.users import Role
from core.storage import FileStorage
# Callers (bot, portal, panels) reach reports as documents.<name>: one place to look for a booking's files.
from core.report_files import (newest_reports, report_file, report_file_link, report_link, reports,
                               upload_report)

__all__ = ["MAX_BYTES", "REPORT_MAX_BYTES", "sniff", "validate", "attach_prescription", "upload_report",
           "report_link", "latest", "reports", "newest_reports", "report_file", "report_file_link"]

_LIVE = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)


def attach_prescription(session: Session, storage: FileStorage, *, actor: Actor, data: bytes,
                        content_type: str, booking_id: int | None = None,
                        user_id: int | None = None) -> Document:
    """Store a patient's prescription on a booking (or their latest live one, or just on the patient)."""
    actor.require(Role.PATIENT, Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SYSTEM)
    booking = _prescription_booking(session, booking_id, user_id)
    owner = booking.user_id if booking else user_id
    actor.require_owner(owner)
    content_type = validate(data, content_type)
    return store(session, storage, actor, kind=DocumentKind.PRESCRIPTION, user_id=owner,
                 booking_id=booking.id if booking else None, data=data, content_type=content_type)


def _prescription_booking(session: Session, booking_id: int | None, user_id: int | None) -> Booking | None:
    if (booking_id is None) == (user_id is None):
        raise ValidationError("Attach a prescription to a booking or to a patient, not both or neither.")
    if booking_id is not None:
        return booking_or_raise(session, booking_id)
    return session.scalar(select(Booking).where(Booking.user_id == user_id, Booking.status.in_(_LIVE))
                          .order_by(Booking.created_at.desc(), Booking.id.desc()).limit(1))
