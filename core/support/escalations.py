"""Escalating a case to the admins: the ticket is flagged and raised, the admins' queue lists it, and every
active super admin and ops manager is alerted (an outbox handler, so the alert goes out after commit)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox, tickets, topics
from core.actors import Actor
from core.clock import now_utc
from core.errors import IllegalTransition, ValidationError
from core.models.notifications import Channel
from core.models.tickets import Ticket, TicketPriority
from core.models.users import Role, User
from core.notify.queue import Draft, queue
from core.support.sla import UNRESOLVED, set_due_times

ALERTED = (Role.SUPER_ADMIN, Role.OPS_MANAGER)


def escalate_to_admin(session: Session, *, actor: Actor, ticket_id: int, reason: str) -> Ticket:
    """Flag the ticket for admin intervention (priority up a step) and alert the admins."""
    ticket = tickets.escalate(session, actor=actor, ticket_id=ticket_id, reason=reason)
    outbox.emit(session, topics.TICKET_ESCALATED, ticket_id=ticket.id)
    return ticket


def set_priority(session: Session, *, actor: Actor, ticket_id: int, priority: str, reason: str) -> Ticket:
    """Change an unresolved ticket's priority; its SLA clock restarts at the new priority's pace."""
    actor.require(*tickets.STAFF_ROLES)
    try:
        wanted = TicketPriority(priority)
    except ValueError:
        raise ValidationError(f"Unknown priority {priority!r}.") from None
    ticket = tickets.get(session, ticket_id)
    if ticket.status not in UNRESOLVED:
        raise IllegalTransition(f"Ticket {ticket_id} is {ticket.status.value}; its priority is settled.")
    before, ticket.priority = ticket.priority, wanted
    set_due_times(ticket, since=now_utc())
    audit.record(session, actor=actor, action="ticket.priority_changed", entity_type="ticket", entity_id=ticket.id,
                 before={"priority": before.value}, after={"priority": wanted.value},
                 reason=" ".join((reason or "").split())[:200] or None)
    return ticket


def queue_for_admins(session: Session, *, actor: Actor, limit: int = 200) -> list[Ticket]:
    """Unresolved escalated tickets, most urgent then oldest first (the admins' escalation queue)."""
    actor.require_permission("ticket.escalations")
    found = session.scalars(select(Ticket).where(Ticket.escalated.is_(True), Ticket.status.in_(UNRESOLVED))
                            .order_by(Ticket.created_at).limit(limit)).all()
    order = {TicketPriority.URGENT: 0, TicketPriority.HIGH: 1, TicketPriority.NORMAL: 2}
    return sorted(found, key=lambda t: (order[t.priority], t.created_at))


def on_ticket_escalated(session: Session, payload: dict, c) -> None:
    """WhatsApp each admin once per escalation (the dedup key makes a redelivery send nothing new)."""
    ticket = session.get(Ticket, payload["ticket_id"])
    text = f"MedEzy: ticket #{ticket.id} escalated ({ticket.priority.value}): {ticket.subject}. See Escalations."
    admins = session.scalars(select(User).where(User.role.in_(ALERTED), User.is_active.is_(True),
                                                User.phone.is_not(None)))
    event = f"ticket_escalated:{ticket.id}:{ticket.updated_at.timestamp():.0f}"
    for admin in admins:
        queue(session, Draft(trigger="manual", event=event, channel=Channel.WHATSAPP, address=admin.phone, body=text,
                             recipient=f"user:{admin.id}", user_id=admin.id, urgent=True, template="manual",
                             variables={"text": text}, booking_id=ticket.booking_id))


SUBSCRIPTIONS = {topics.TICKET_ESCALATED: [on_ticket_escalated]}
