"""Everything about one booking on one page for support and ops: the booking and its history, the patient,
payments, refunds, credit balance, documents, the WhatsApp conversation, tickets and the audit trail.

Reading it is itself audited: staff looking at a patient's details leave a trace (DPDP accountability).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.booking.lifecycle import ALLOWED
from core.errors import NotFound
from core.models import (AuditEntry, Booking, BookingStatus, Conversation, Document, Message, Payment, Refund,
                         Ticket, User)
from core.payments import credits

MESSAGES_SHOWN = 50
AUDIT_SHOWN = 100


@dataclass(frozen=True)
class Workspace:
    booking: Booking
    patient: User
    next_states: frozenset[BookingStatus]
    payments: list[Payment]
    refunds: list[Refund]
    credit_balance_paise: int
    documents: list[Document]
    conversation: Conversation | None
    messages: list[Message]  # the latest, oldest first
    tickets: list[Ticket]
    audit_trail: list[AuditEntry]


def load(session: Session, *, actor: Actor, booking_id: int) -> Workspace:
    """The booking's workspace; partners get NotFound for another center's booking like any missing one."""
    actor.require_permission("booking.view")
    booking = session.get(Booking, booking_id)
    if booking is None or (actor.center_id is not None and booking.center_id != actor.center_id):
        raise NotFound(f"No booking {booking_id}.")
    patient = booking.user
    conversation = session.scalar(select(Conversation).where(Conversation.user_id == patient.id))
    audit.record(session, actor=actor, action="booking.workspace_viewed", entity_type="booking", entity_id=booking.id)
    return Workspace(
        booking=booking, patient=patient, next_states=ALLOWED[booking.status],
        payments=_all(session, select(Payment).where(Payment.booking_id == booking.id).order_by(Payment.id)),
        refunds=_all(session, select(Refund).where(Refund.booking_id == booking.id).order_by(Refund.id)),
        credit_balance_paise=credits.balance(session, user_id=patient.id),
        documents=_all(session, select(Document).where(or_(Document.booking_id == booking.id,
                                                           (Document.user_id == patient.id)
                                                           & Document.booking_id.is_(None))).order_by(Document.id)),
        conversation=conversation, messages=_latest_messages(session, conversation),
        tickets=_all(session, select(Ticket).where(or_(Ticket.booking_id == booking.id,
                                                       Ticket.user_id == patient.id)).order_by(Ticket.id.desc())),
        audit_trail=_all(session, select(AuditEntry).where(AuditEntry.entity_type == "booking",
                                                           AuditEntry.entity_id == str(booking.id))
                         .order_by(AuditEntry.id.desc()).limit(AUDIT_SHOWN)),
    )


def _latest_messages(session: Session, conversation: Conversation | None) -> list[Message]:
    if conversation is None:
        return []
    latest = _all(session, select(Message).where(Message.conversation_id == conversation.id)
                  .order_by(Message.id.desc()).limit(MESSAGES_SHOWN))
    return latest[::-1]


def _all(session: Session, query) -> list:
    return list(session.scalars(query))
