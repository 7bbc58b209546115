"""The patient's rights under India's DPDP Act: a copy of their data, and erasure.

Erasure removes what identifies the patient, except what the law makes us keep: GST invoices (and the
payments and refunds they rest on) stay for the retention period, and the audit log stays as the record
of what was done, including the erasure itself.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.errors import IllegalTransition
from core.models import (Booking, BookingStatus, Conversation, Document, EmergencyContact, Invoice, Message,
                         NpsResponse, Payment, Refund, Ticket, User)
from core.models.family import FamilyMember
from core.models.tickets import TicketNote
from core.models.users import Role
from core.storage import FileStorage

LIVE = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)
ERASED = "[erased]"


def export(session: Session, *, actor: Actor) -> dict:
    """Everything we hold about the signed-in patient, as plain JSON-ready data."""
    actor.require(Role.PATIENT)
    user = session.get(User, actor.user_id)
    bookings = _all(session, select(Booking).where(Booking.user_id == user.id).order_by(Booking.id))
    booking_ids = [b.id for b in bookings]
    return {
        "profile": _profile(user),
        "family": [_row(m, "name", "relation", "date_of_birth", "sex") for m in _all(
            session, select(FamilyMember).where(FamilyMember.owner_id == user.id))],
        "bookings": [_booking(b) for b in bookings],
        "payments": [_row(p, "id", "booking_id", "amount_paise", "status", "paid_at") for p in _all(
            session, select(Payment).where(Payment.booking_id.in_(booking_ids)))],
        "refunds": [_row(r, "id", "booking_id", "amount_paise", "status", "processed_at") for r in _all(
            session, select(Refund).where(Refund.booking_id.in_(booking_ids)))],
        "invoices": [_row(i, "number", "issued_at", "total_paise") for i in _all(
            session, select(Invoice).where(Invoice.user_id == user.id))],
        "documents": [_row(d, "kind", "booking_id", "content_type", "size_bytes", "created_at") for d in _all(
            session, select(Document).where(Document.user_id == user.id))],
        "messages": [_row(m, "direction", "body", "created_at") for m in _all(
            session, select(Message).join(Conversation).where(Conversation.user_id == user.id).order_by(Message.id))],
        "tickets": [_row(t, "subject", "status", "created_at") for t in _all(
            session, select(Ticket).where(Ticket.user_id == user.id))],
        "feedback": [_row(n, "booking_id", "score", "comment") for n in _all(
            session, select(NpsResponse).where(NpsResponse.user_id == user.id))],
    }


def erase(session: Session, storage: FileStorage, *, actor: Actor, now: datetime) -> None:
    """Erase the signed-in patient (refused while a booking is still upcoming: cancel it first)."""
    actor.require(Role.PATIENT)
    user_id = actor.user_id
    live = session.scalar(select(Booking.reference).where(Booking.user_id == user_id, Booking.status.in_(LIVE)))
    if live is not None:
        raise IllegalTransition(f"Booking {live} is still upcoming; cancel it (or let it finish) before erasing "
                                "your account.")
    _erase_identity(session, user_id)
    _erase_records(session, user_id)
    _erase_files(session, storage, user_id)
    audit.record(session, actor=actor, action="user.erased", entity_type="user", entity_id=user_id,
                 reason="patient's erasure request (DPDP Act); invoices kept for GST retention")


def _erase_identity(session: Session, user_id: int) -> None:
    user = session.get(User, user_id)
    user.name, user.phone, user.email, user.password_hash, user.is_active = "Erased patient", None, None, None, False
    if user.profile is not None:
        user.profile.date_of_birth = user.profile.sex = user.profile.city_id = None
        user.profile.phone_verified = user.profile.email_verified = False
        session.execute(EmergencyContact.__table__.delete().where(EmergencyContact.patient_id == user_id))
    session.execute(update(FamilyMember).where(FamilyMember.owner_id == user_id)
                    .values(name=ERASED, date_of_birth=None, sex=None))


def _erase_records(session: Session, user_id: int) -> None:
    session.execute(update(Booking).where(Booking.user_id == user_id)
                    .values(patient_name=ERASED, patient_age=None, patient_sex=None))
    conversations = select(Conversation.id).where(Conversation.user_id == user_id).scalar_subquery()
    session.execute(update(Message).where(Message.conversation_id.in_(conversations)).values(body=ERASED, media=[]))
    for conversation in session.scalars(select(Conversation).where(Conversation.user_id == user_id)):
        conversation.phone, conversation.profile_name = f"erased:{conversation.id}"[:20], None
    tickets = select(Ticket.id).where(Ticket.user_id == user_id).scalar_subquery()
    session.execute(update(Ticket).where(Ticket.user_id == user_id).values(subject=ERASED, resolution=None))
    session.execute(update(TicketNote).where(TicketNote.ticket_id.in_(tickets)).values(body=ERASED))
    session.execute(update(NpsResponse).where(NpsResponse.user_id == user_id).values(comment=None))


def _erase_files(session: Session, storage: FileStorage, user_id: int) -> None:
    # Reports stay with the center that made them (its medical records); our copies go.
    for document in session.scalars(select(Document).where(Document.user_id == user_id)):
        storage.delete(document.storage_key)


def _all(session: Session, query) -> list:
    return list(session.scalars(query))


def _profile(user: User) -> dict:
    profile = user.profile
    return {"name": user.name, "phone": user.phone, "email": user.email,
            "date_of_birth": _plain(profile.date_of_birth) if profile else None,
            "emergency_contacts": [_row(c, "name", "phone", "relation") for c in profile.emergency_contacts]
            if profile else []}


def _booking(booking: Booking) -> dict:
    return {**_row(booking, "reference", "patient_name", "price_paise", "created_at", "paid_at"),
            "status": booking.status.patient_label, "scan": booking.service.name, "center": booking.center.name,
            "starts_at": _plain(booking.slot.starts_at)}


def _row(obj, *names: str) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names}


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "value", value)
