"""The patient's support tickets: raised from the portal, followed with the replies support made public."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, tickets
from core.actors import Actor
from core.errors import NotFound
from core.models.tickets import Ticket, TicketNote
from core.models.users import Role
from core.portal import bookings
from core.support.notes import MAX_NOTE, notes_of

# What the patient sees of a ticket's state: whether someone is on it, waiting on them, or done.
STATUS_WORDS = {"open": "Open: we are on it", "pending": "Waiting for your reply", "resolved": "Resolved",
                "closed": "Closed"}


def get_all(session: Session, *, actor: Actor) -> list[Ticket]:
    """The patient's tickets, newest first."""
    actor.require(Role.PATIENT)
    return list(session.scalars(select(Ticket).where(Ticket.user_id == actor.user_id)
                                .order_by(Ticket.created_at.desc(), Ticket.id.desc())))


def get(session: Session, *, actor: Actor, ticket_id: int) -> tuple[Ticket, list[TicketNote]]:
    """One of the patient's tickets with its public notes; anyone else's is NotFound."""
    actor.require(Role.PATIENT)
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.user_id != actor.user_id:
        raise NotFound(f"No ticket {ticket_id} found.")
    return ticket, notes_of(session, ticket_id=ticket.id, include_internal=False)


def raise_ticket(session: Session, *, actor: Actor, subject: str, details: str = "", reference: str = "",
                 now: datetime) -> Ticket:
    """Open a ticket (or add to the open one about the same booking) with the patient's own words."""
    booking = bookings.get(session, actor=actor, reference=reference) if reference.strip() else None
    ticket = tickets.open_ticket(session, actor=actor, user_id=actor.user_id, subject=subject,
                                 booking_id=booking.id if booking else None, source="portal")
    text = (details or "").strip()[:MAX_NOTE]
    if text:
        # The patient's words are visible to both sides; they are not a staff response, so no SLA clock stops.
        note = TicketNote(ticket_id=ticket.id, author_id=actor.user_id, internal=False, body=text, created_at=now)
        session.add(note)
        session.flush()
        audit.record(session, actor=actor, action="ticket.noted", entity_type="ticket", entity_id=ticket.id,
                     after={"note_id": note.id, "internal": False})
    return ticket
