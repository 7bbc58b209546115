"""Support tickets: opened when a patient asks for a person, then assigned, escalated and resolved."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import SYSTEM, Actor
from core.clock import now_utc
from core.conversations import log, takeover
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.bookings import Booking
from core.models.tickets import Ticket, TicketPriority, TicketStatus
from core.models.users import Role, User
from core.support.sla import set_due_times

STAFF_ROLES = (Role.SUPPORT_AGENT, Role.OPS_MANAGER)
_UNRESOLVED = (TicketStatus.OPEN, TicketStatus.PENDING)
SOURCES = ("bot", "partner", "portal", "sla", "staff", "payments")


def get(session: Session, ticket_id: int) -> Ticket:
    """The ticket, or NotFound."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    return ticket


def open_ticket(session: Session, *, actor: Actor, user_id: int, subject: str, booking_id: int | None = None,
                conversation_id: int | None = None, priority: TicketPriority = TicketPriority.NORMAL,
                source: str = "bot") -> Ticket:
    """Open a ticket for a patient, or return their unresolved one about the same booking."""
    actor.require(Role.PATIENT, *STAFF_ROLES, Role.SYSTEM)
    actor.require_owner(user_id)
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ValidationError("A ticket needs a subject.")
    if source not in SOURCES:
        raise ValidationError(f"Unknown ticket source {source!r}.")
    _check_booking(session, user_id, booking_id)
    existing = _unresolved(session, user_id, booking_id)
    if existing is not None:
        return existing
    ticket = Ticket(user_id=user_id, booking_id=booking_id, conversation_id=conversation_id, subject=subject,
                    priority=TicketPriority(priority), status=TicketStatus.OPEN, source=source)
    set_due_times(ticket, since=now_utc())
    session.add(ticket)
    session.flush()
    _audit(session, actor, "ticket.opened", ticket, after={"subject": subject, "priority": ticket.priority.value})
    return ticket


def raise_for_staff(session: Session, *, user_id: int, subject: str, booking_id: int | None = None,
                    priority: TicketPriority = TicketPriority.HIGH, escalation: str | None = None) -> Ticket:
    """A ticket the system opens for staff to act on (a flagged payment, a failed refund), once per subject.

    Unlike `open_ticket` it never folds into the patient's other open ticket about the booking: each
    incident keeps its own subject. With an `escalation` reason it is marked escalated, which puts it
    on the admins' escalation queue.
    """
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ValidationError("A ticket needs a subject.")
    existing = session.scalar(select(Ticket).where(Ticket.user_id == user_id, Ticket.subject == subject,
                                                   Ticket.status.in_(_UNRESOLVED)).limit(1))
    if existing is not None:  # the event was delivered again
        return existing
    ticket = Ticket(user_id=user_id, booking_id=booking_id, subject=subject, priority=TicketPriority(priority),
                    status=TicketStatus.OPEN, escalated=escalation is not None)
    session.add(ticket)
    session.flush()
    _audit(session, SYSTEM, "ticket.opened", ticket, reason=escalation,
           after={"subject": subject, "priority": ticket.priority.value, "escalated": ticket.escalated})
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
    set_due_times(ticket, since=now_utc())  # a higher priority gets the tighter clock from now
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
    outbox.emit(session, topics.TICKET_UPDATED, ticket_id=ticket.id, status="resolved")  # the patient hears it
    return ticket


def escalate_from_center(session: Session, *, actor: Actor, subject: str, booking_id: int | None = None) -> Ticket:
    """A center asks MedEzy support for help, about one of its bookings or in general; lands escalated."""
    actor.require_permission("ticket.escalate")
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ValidationError("Say what the escalation is about.")
    user_id = None
    if booking_id is not None:
        booking = session.get(Booking, booking_id)
        if booking is None or (actor.center_id is not None and booking.center_id != actor.center_id):
            raise NotFound(f"No booking {booking_id} at your center.")  # another center's reads as missing
        user_id = booking.user_id
    ticket = Ticket(user_id=user_id, booking_id=booking_id, center_id=actor.center_id, subject=subject,
                    priority=TicketPriority.HIGH, escalated=True, status=TicketStatus.OPEN, source="partner")
    set_due_times(ticket, since=now_utc())
    session.add(ticket)
    session.flush()
    _audit(session, actor, "ticket.opened", ticket, after={"subject": subject, "source": "partner"})
    return ticket


def set_pending(session: Session, *, actor: Actor, ticket_id: int, waiting_on: str) -> Ticket:
    """Waiting on the patient or the center: the ticket leaves the agents' "needs action" list."""
    actor.require(*STAFF_ROLES)
    reason = " ".join((waiting_on or "").split())[:200]
    if not reason:
        raise ValidationError("Say who the ticket is waiting on.")
    ticket = _unresolved_or_raise(session, ticket_id)
    before, ticket.status, ticket.pending_reason = ticket.status, TicketStatus.PENDING, reason
    _audit(session, actor, "ticket.pending", ticket, before={"status": before.value}, after={"status": "pending"},
           reason=reason)
    return ticket


def reopen(session: Session, *, actor: Actor, ticket_id: int, reason: str) -> Ticket:
    """Back to open: the patient or center answered, or a resolved ticket was not really resolved."""
    actor.require(*STAFF_ROLES, Role.SYSTEM)
    ticket = _locked(session, ticket_id)
    if ticket.status in (TicketStatus.OPEN, TicketStatus.CLOSED):
        raise IllegalTransition(f"Ticket {ticket_id} is {ticket.status.value}; only pending or resolved ones reopen.")
    before = ticket.status
    ticket.status, ticket.pending_reason, ticket.resolved_at = TicketStatus.OPEN, None, None
    _audit(session, actor, "ticket.reopened", ticket, before={"status": before.value}, after={"status": "open"},
           reason=(reason or "").strip()[:200] or None)
    return ticket


def close(session: Session, *, actor: Actor, ticket_id: int) -> Ticket:
    """Close a resolved ticket for good; a new request then opens a new ticket."""
    actor.require(*STAFF_ROLES, Role.SYSTEM)
    ticket = _locked(session, ticket_id)
    if ticket.status is not TicketStatus.RESOLVED:
        raise IllegalTransition(f"Ticket {ticket_id} is {ticket.status.value}; resolve it before closing.")
    ticket.status, ticket.closed_at = TicketStatus.CLOSED, now_utc()
    _audit(session, actor, "ticket.closed", ticket, before={"status": "resolved"}, after={"status": "closed"})
    return ticket


def record_first_response(session: Session, *, ticket: Ticket, at) -> None:
    """The first reply a patient or center got from support stops the first-response clock."""
    if ticket.first_response_at is None:
        ticket.first_response_at = at


def _locked(session: Session, ticket_id: int) -> Ticket:
    ticket = session.execute(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).scalar_one_or_none()
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    return ticket


def _unresolved(session: Session, user_id: int, booking_id: int | None) -> Ticket | None:
    booking_match = Ticket.booking_id.is_(None) if booking_id is None else Ticket.booking_id == booking_id
    return session.scalar(select(Ticket).where(Ticket.user_id == user_id, booking_match,
                                               Ticket.status.in_(_UNRESOLVED)).order_by(Ticket.id).limit(1))


def _unresolved_or_raise(session: Session, ticket_id: int) -> Ticket:
    ticket = _locked(session, ticket_id)
    if ticket.status not in _UNRESOLVED:
        raise IllegalTransition(f"Ticket {ticket_id} is already {ticket.status.value}.")
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
