"""Support tickets: opened when a patient asks for a person, then assigned, escalated and resolved."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox
from core.actors import Actor
from core.clock import now_utc
from core.conversations import log, takeover
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.bookings import Booking
from core.models.tickets import Ticket, TicketPriority, TicketStatus
from core.models.users import Role, User

STAFF_ROLES = (Role.SUPPORT_AGENT, Role.OPS_MANAGER)
_UNRESOLVED = (TicketStatus.OPEN, TicketStatus.PENDING)


def get(session: Session, ticket_id: int) -> Ticket:
    """The ticket, or NotFound."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    return ticket


def open_ticket(session: Session, *, actor: Actor, user_id: int, subject: str, booking_id: int | None = None,
                conversation_id: int | None = None,
                priority: TicketPriority = TicketPriority.NORMAL) -> Ticket:
    """Open a ticket for a patient, or return their unresolved one about the same booking."""
    actor.require(Role.PATIENT, *STAFF_ROLES, Role.SYSTEM)
    actor.require_owner(user_id)
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ValidationError("A ticket needs a subject.")
    _check_booking(session, user_id, booking_id)
    existing = _unresolved(session, user_id, booking_id)
    if existing is not None:
        return existing
    ticket = Ticket(user_id=user_id, booking_id=booking_id, conversation_id=conversation_id, subject=subject,
                    priority=TicketPriority(priority), status=TicketStatus.OPEN)
    session.add(ticket)
    session.flush()
    _audit(session, actor, "ticket.opened", ticket, after={"subject": subject, "priority": ticket.priority.value})
    return ticket


def hand_to_support(session: Session, *, actor: Actor, conversation_id: int, subject: str,
                    booking_id: int | None = None) -> Ticket:
    """'Talk to a person': open (or reuse) a ticket and stop the bot until an agent picks the chat up."""
    conversation = log.get(session, conversation_id)
    if conversation.user_id is None:
        raise ValidationError("This conversation has no registered patient yet.")
    ticket = open_ticket(session, actor=actor, user_id=conversation.user_id, subject=subject,
                         booking_id=booking_id, conversation_id=conversation_id)
    takeover.request_agent(session, actor=actor, conversation_id=conversation_id, reason=f"ticket {ticket.id}")
    return ticket


def assign(session: Session, *, actor: Actor, ticket_id: int, assignee_id: int) -> Ticket:
    """Give an unresolved ticket to a support agent or ops manager."""
    actor.require(*STAFF_ROLES)
    ticket = _unresolved_or_raise(session, ticket_id)
    assignee = session.get(User, assignee_id)
    if assignee is None or assignee.role not in STAFF_ROLES:
        raise ValidationError("Tickets go to support agents or ops managers only.")
    before = ticket.assignee_id
    ticket.assignee_id = assignee_id
    _audit(session, actor, "ticket.assigned", ticket, before={"assignee_id": before},
           after={"assignee_id": assignee_id})
    return ticket


def escalate(session: Session, *, actor: Actor, ticket_id: int, reason: str) -> Ticket:
    """Mark a ticket escalated and raise its priority one step (urgent stays urgent)."""
    actor.require(*STAFF_ROLES, Role.SYSTEM)
    if not (reason or "").strip():
        raise ValidationError("Say why the ticket is escalated.")
    ticket = _unresolved_or_raise(session, ticket_id)
    before = ticket.priority
    ticket.escalated = True
    ticket.priority = TicketPriority.URGENT if before is not TicketPriority.NORMAL else TicketPriority.HIGH
    _audit(session, actor, "ticket.escalated", ticket, before={"priority": before.value},
           after={"priority": ticket.priority.value, "escalated": True}, reason=reason.strip())
    return ticket


def resolve(session: Session, *, actor: Actor, ticket_id: int, resolution: str) -> Ticket:
    """Close a ticket with what was done about it."""
    actor.require(*STAFF_ROLES)
    if not (resolution or "").strip():
        raise ValidationError("Describe how the ticket was resolved.")
    ticket = _unresolved_or_raise(session, ticket_id)
    before = ticket.status
    ticket.status, ticket.resolution, ticket.resolved_at = TicketStatus.RESOLVED, resolution.strip(), now_utc()
    _audit(session, actor, "ticket.resolved", ticket, before={"status": before.value},
           after={"status": "resolved"}, reason=ticket.resolution)
    outbox.emit(session, "ticket_updated", ticket_id=ticket.id, status="resolved")  # the patient hears it
    return ticket


def _unresolved(session: Session, user_id: int, booking_id: int | None) -> Ticket | None:
    booking_match = Ticket.booking_id.is_(None) if booking_id is None else Ticket.booking_id == booking_id
    return session.scalar(select(Ticket).where(Ticket.user_id == user_id, booking_match,
                                               Ticket.status.in_(_UNRESOLVED)).order_by(Ticket.id).limit(1))


def _unresolved_or_raise(session: Session, ticket_id: int) -> Ticket:
    ticket = session.execute(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).scalar_one_or_none()
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    if ticket.status is TicketStatus.RESOLVED:
        raise IllegalTransition(f"Ticket {ticket_id} is already resolved.")
    return ticket


def _check_booking(session: Session, user_id: int, booking_id: int | None) -> None:
    if booking_id is None:
        return
    booking = session.get(Booking, booking_id)
    if booking is None or booking.user_id != user_id:
        raise NotFound(f"No booking {booking_id} for this patient.")


def _audit(session: Session, actor: Actor, action: str, ticket: Ticket, *, before: dict | None = None,
           after: dict | None = None, reason: str | None = None) -> None:
    audit.record(session, actor=actor, action=action, entity_type="ticket", entity_id=ticket.id,
                 before=before, after=after, reason=reason)
