"""A center's escalations to MedEzy support, as the center's staff read them (never internal notes)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.errors import NotFound
from core.models.tickets import Ticket, TicketNote
from core.support.notes import notes_of


@dataclass(frozen=True)
class Thread:
    ticket: Ticket
    notes: list[TicketNote]


def for_center(session: Session, *, actor: Actor, limit: int = 50) -> list[Ticket]:
    """The actor's center's escalations, newest first."""
    actor.require_permission("ticket.escalate")
    if actor.center_id is None:
        return []
    return list(session.scalars(select(Ticket).where(Ticket.center_id == actor.center_id)
                                .order_by(Ticket.id.desc()).limit(limit)))


def thread(session: Session, *, actor: Actor, ticket_id: int) -> Thread:
    """One escalation of the actor's center with the notes both sides see; any other ticket reads as missing."""
    actor.require_permission("ticket.escalate")
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or actor.center_id is None or ticket.center_id != actor.center_id:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    return Thread(ticket, notes_of(session, ticket_id=ticket.id, include_internal=False))
