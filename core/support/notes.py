"""Notes on a ticket (internal, or a reply that went to the patient or center) and canned replies."""
from __future__ import annotations

import string
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit, tickets
from core.actors import Actor
from core.errors import NotFound, ValidationError
from core.models.tickets import CannedReply, TicketNote

MAX_NOTE = 4000
PLACEHOLDERS = {"name", "reference", "center", "agent"}  # what a canned reply may fill in


def add_note(session: Session, *, actor: Actor, ticket_id: int, body: str, internal: bool, now: datetime) -> TicketNote:
    """Add a note; a non-internal note by staff counts as the ticket's first response."""
    actor.require_permission("ticket.handle")
    text = _checked_text(body)
    ticket = tickets.get(session, ticket_id)
    note = TicketNote(ticket_id=ticket.id, author_id=actor.user_id, internal=internal, body=text, created_at=now)
    session.add(note)
    if not internal:
        tickets.record_first_response(session, ticket=ticket, at=now)
    session.flush()
    audit.record(session, actor=actor, action="ticket.noted", entity_type="ticket", entity_id=ticket.id,
                 after={"note_id": note.id, "internal": internal})
    return note


def add_center_note(session: Session, *, actor: Actor, ticket_id: int, body: str, now: datetime) -> TicketNote:
    """A center's message on one of its own escalations (always visible to both sides)."""
    actor.require_permission("ticket.escalate")
    ticket = tickets.get(session, ticket_id)
    if actor.center_id is None or ticket.center_id != actor.center_id:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    text = _checked_text(body)
    note = TicketNote(ticket_id=ticket.id, author_id=actor.user_id, internal=False, body=text, created_at=now)
    session.add(note)
    session.flush()
    audit.record(session, actor=actor, action="ticket.noted", entity_type="ticket", entity_id=ticket.id,
                 after={"note_id": note.id, "internal": False})
    return note


def notes_of(session: Session, *, ticket_id: int, include_internal: bool) -> list[TicketNote]:
    """The ticket's notes in order; anyone outside support (patients, centers) never sees internal ones."""
    query = select(TicketNote).where(TicketNote.ticket_id == ticket_id).order_by(TicketNote.id)
    if not include_internal:
        query = query.where(TicketNote.internal.is_(False))
    return list(session.scalars(query))


def create_canned(session: Session, *, actor: Actor, title: str, body: str) -> CannedReply:
    """A reusable reply; it may use {name}, {reference}, {center} and {agent}."""
    actor.require_permission("ticket.handle")
    title, body = " ".join((title or "").split())[:80], (body or "").strip()
    if not title or not body:
        raise ValidationError("A canned reply needs a title and a text.")
    _check_placeholders(body)
    reply = CannedReply(title=title, body=body, is_active=True)
    try:
        with session.begin_nested():
            session.add(reply)
    except IntegrityError:
        raise ValidationError(f"A canned reply called {title!r} already exists.") from None
    audit.record(session, actor=actor, action="canned_reply.created", entity_type="canned_reply",
                 entity_id=reply.id, after={"title": title})
    return reply


def active_canned(session: Session) -> list[CannedReply]:
    """Canned replies agents can pick, by title."""
    return list(session.scalars(select(CannedReply).where(CannedReply.is_active.is_(True)).order_by(CannedReply.title)))


def fill(reply_id: int, session: Session, **values: str) -> str:
    """The reply's text with its placeholders filled (missing values become empty, never a KeyError)."""
    reply = session.get(CannedReply, reply_id)
    if reply is None or not reply.is_active:
        raise NotFound(f"Canned reply {reply_id} does not exist.")
    return string.Formatter().vformat(reply.body, (), _Defaulting({k: v for k, v in values.items() if k in PLACEHOLDERS}))


def _checked_text(body: str) -> str:
    text = (body or "").strip()
    if not text or len(text) > MAX_NOTE or "\x00" in text:
        raise ValidationError(f"A note holds 1 to {MAX_NOTE} characters.")
    return text


def _check_placeholders(body: str) -> None:
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(body) if field is not None}
    except ValueError:
        raise ValidationError("Unbalanced braces in the reply; use {name}, {reference}, {center} or {agent}.") from None
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ValidationError(f"Unknown placeholder {sorted(unknown)[0]!r}; use {', '.join(sorted(PLACEHOLDERS))}.")


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return ""
