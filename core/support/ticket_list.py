"""The agents' ticket queue as a list: filtered by state, priority and owner, each row with its SLA breach."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.errors import ValidationError
from core.models.tickets import Ticket, TicketPriority, TicketStatus
from core.support.sla import UNRESOLVED

OWNERS = ("all", "mine", "unassigned")
LIMIT = 200


@dataclass(frozen=True)
class Row:
    ticket: Ticket
    late_reply: bool  # no first response by its due time
    late_fix: bool  # not resolved by its due time

    @property
    def breached(self) -> bool:
        return self.late_reply or self.late_fix


def get_all(session: Session, *, actor: Actor, now: datetime, status: str = "", priority: str = "",
            owner: str = "all", escalated: bool = False) -> list[Row]:
    """Tickets matching the filters, most urgent then oldest first; no state filter means open and pending."""
    actor.require_permission("ticket.handle")
    query = select(Ticket).order_by(Ticket.created_at).limit(LIMIT)
    query = query.where(Ticket.status == _enum(TicketStatus, status)) if status else query.where(
        Ticket.status.in_(UNRESOLVED))
    if priority:
        query = query.where(Ticket.priority == _enum(TicketPriority, priority))
    if owner not in OWNERS:
        raise ValidationError(f"Show tickets that are {', '.join(OWNERS)}.")
    if owner == "mine":
        query = query.where(Ticket.assignee_id == actor.user_id)
    elif owner == "unassigned":
        query = query.where(Ticket.assignee_id.is_(None))
    if escalated:
        query = query.where(Ticket.escalated.is_(True))
    rows = [row(t, now) for t in session.scalars(query)]
    order = {TicketPriority.URGENT: 0, TicketPriority.HIGH: 1, TicketPriority.NORMAL: 2}
    return sorted(rows, key=lambda r: (not r.breached, order[r.ticket.priority], r.ticket.created_at))


def row(ticket: Ticket, now: datetime) -> Row:
    """The ticket with its breaches now (a resolved or closed ticket breaches nothing any more)."""
    if ticket.status not in UNRESOLVED:
        return Row(ticket, False, False)
    late_reply = ticket.first_response_at is None and _due(ticket.first_response_due_at, now)
    return Row(ticket, late_reply, _due(ticket.resolution_due_at, now))


def _due(at: datetime | None, now: datetime) -> bool:
    return at is not None and at <= now


def _enum(kind, value: str):
    try:
        return kind(value)
    except ValueError:
        raise ValidationError(f"Unknown {kind.__name__[6:].lower() or 'value'} {value!r}.") from None
