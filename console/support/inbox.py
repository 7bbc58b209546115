"""What the inbox reads: the agent queue, their own chats, recent bot chats, search, tickets, the log tail."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from core.actors import Actor
from core.booking import queries as bookings
from core.conversations import log
from core.errors import NotFound
from core.models.conversations import Conversation, ConversationState, Message
from core.models.tickets import Ticket, TicketStatus
from core.models.users import User

LIST_LIMIT = 50
LOG_LIMIT = 500  # the page shows the latest messages; older ones are rarely needed in a live chat
_UNRESOLVED = (TicketStatus.OPEN, TicketStatus.PENDING)
_AGENT = ConversationState.AGENT


@dataclass(frozen=True)
class Row:
    conversation: Conversation
    ticket: Ticket | None  # the open ticket, if any


def sections(session: Session, *, agent_id: int) -> dict[str, list[Row]]:
    """The inbox front page: who waits for an agent, my chats, other agents' chats, recent bot chats."""
    newest = Conversation.last_inbound_at.desc().nulls_last()
    queries = {
        "waiting": _conversations().where(Conversation.state == _AGENT, Conversation.agent_id.is_(None))
        .order_by(Conversation.last_inbound_at.asc().nulls_last()),
        "mine": _conversations().where(Conversation.agent_id == agent_id).order_by(newest),
        "others": _conversations().where(Conversation.agent_id.is_not(None), Conversation.agent_id != agent_id)
        .order_by(newest),
        "bot": _conversations().where(Conversation.state == ConversationState.BOT).order_by(newest),
    }
    return {name: _rows(session, list(session.scalars(query.limit(LIST_LIMIT)))) for name, query in queries.items()}


def search(session: Session, *, actor: Actor, text: str) -> list[Row]:
    """Conversations matching a phone number (or part of one) or a booking reference."""
    conditions = []
    if text.strip().upper().startswith("MZ"):  # a booking reference; its digits are not a phone number
        booking = _booking(session, actor, text)
        if booking is not None:
            conditions += [Conversation.user_id == booking.user_id, Conversation.phone == booking.user.phone]
    elif len(digits := re.sub(r"\D", "", text)) >= 4:
        conditions.append(Conversation.phone.contains(digits, autoescape=True))
    if not conditions:
        return []
    found = session.scalars(_conversations().where(or_(*conditions))
                            .order_by(Conversation.last_inbound_at.desc().nulls_last()).limit(LIST_LIMIT))
    return _rows(session, list(found))


def ticket_for(session: Session, conversation_id: int) -> Ticket | None:
    """The conversation's open ticket, else its most recent resolved one."""
    return session.scalar(select(Ticket).where(Ticket.conversation_id == conversation_id)
                          .order_by(Ticket.status.in_(_UNRESOLVED).desc(), Ticket.id.desc()).limit(1))


def latest_messages(session: Session, conversation_id: int) -> list[Message]:
    """The last LOG_LIMIT messages, oldest first."""
    ids = select(Message.id).where(Message.conversation_id == conversation_id).order_by(Message.id.desc())
    start = session.scalar(ids.offset(LOG_LIMIT).limit(1)) or 0
    return log.history(session, conversation_id, after_id=start, limit=LOG_LIMIT)


def agent_names(session: Session, messages: list[Message], *extra: int | None) -> dict[int, str]:
    """Names of the agents who wrote these messages (and of `extra` users), by id."""
    ids = {m.agent_id for m in messages if m.agent_id} | {i for i in extra if i}
    if not ids:
        return {}
    return {user_id: name for user_id, name in session.execute(select(User.id, User.name).where(User.id.in_(ids)))}


def _conversations():
    return select(Conversation).options(selectinload(Conversation.user))


def _rows(session: Session, conversations: list[Conversation]) -> list[Row]:
    tickets = _open_tickets(session, [c.id for c in conversations])
    return [Row(c, tickets.get(c.id)) for c in conversations]


def _open_tickets(session: Session, conversation_ids: list[int]) -> dict[int, Ticket]:
    if not conversation_ids:
        return {}
    found = session.scalars(select(Ticket).where(Ticket.conversation_id.in_(conversation_ids),
                                                 Ticket.status.in_(_UNRESOLVED)).order_by(Ticket.id))
    return {t.conversation_id: t for t in found}  # the newest open ticket wins


def _booking(session: Session, actor: Actor, text: str):
    try:
        return bookings.get_by_reference(session, actor=actor, reference=text)
    except NotFound:
        return None
