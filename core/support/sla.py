"""Support SLA: how soon a ticket must get its first response and its resolution, by priority."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.models.tickets import Ticket, TicketPriority, TicketStatus

P = TicketPriority
FIRST_RESPONSE = {P.URGENT: timedelta(minutes=15), P.HIGH: timedelta(minutes=30), P.NORMAL: timedelta(hours=4)}
RESOLUTION = {P.URGENT: timedelta(hours=4), P.HIGH: timedelta(hours=8), P.NORMAL: timedelta(hours=48)}
UNRESOLVED = (TicketStatus.OPEN, TicketStatus.PENDING)


@dataclass(frozen=True)
class Breach:
    ticket_id: int
    first_response: bool  # no first response by its due time
    resolution: bool  # not resolved by its due time


def set_due_times(ticket: Ticket, *, since: datetime) -> None:
    """(Re)compute the ticket's due times from `since` and its current priority."""
    if ticket.first_response_at is None:
        ticket.first_response_due_at = since + FIRST_RESPONSE[ticket.priority]
    ticket.resolution_due_at = since + RESOLUTION[ticket.priority]


def breaches(session: Session, *, now: datetime, limit: int = 500) -> list[Breach]:
    """Unresolved tickets past a due time, most urgent first (a pending ticket's clock keeps running:
    waiting on a center is exactly when patients give up)."""
    late_reply = Ticket.first_response_at.is_(None) & (Ticket.first_response_due_at <= now)
    late_fix = Ticket.resolution_due_at <= now
    query = (select(Ticket.id, late_reply, late_fix).where(Ticket.status.in_(UNRESOLVED), or_(late_reply, late_fix))
             .order_by(Ticket.resolution_due_at).limit(limit))
    return [Breach(ticket_id, bool(reply), bool(fix)) for ticket_id, reply, fix in session.execute(query)]
