"""The conversation log: every inbound and outbound message, recorded once."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import ColumnElement, Select, bindparam, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import NotFound, ValidationError
from core.models.conversations import Author, Conversation, Direction, Message
from core.patients import normalise_phone

MAX_BODY = 4096
# Twilio status callbacks can arrive out of order; a status only ever moves forward.
_STATUS_RANK = {"accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 4,
                "read": 5, "undelivered": 6, "failed": 6}


@dataclass(frozen=True)
class Media:
    url: str
    content_type: str


@dataclass(frozen=True)
class InboundMessage:
    """What a WhatsApp provider told us a patient sent."""

    phone: str
    provider_sid: str
    body: str = ""
    media: tuple[Media, ...] = field(default_factory=tuple)
    profile_name: str | None = None


@dataclass(frozen=True)
class Recorded:
    status: Literal["recorded", "duplicate"]
    message: Message

    @property
    def duplicate(self) -> bool:
        return self.status == "duplicate"


def get(session: Session, conversation_id: int) -> Conversation:
    """The conversation, or NotFound."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound(f"Conversation {conversation_id} does not exist.")
    return conversation


def get_or_create(session: Session, *, phone: str, profile_name: str | None = None) -> Conversation:
    """The conversation with this WhatsApp number, created on first contact."""
    phone = normalise_phone(phone)
    found = session.scalar(_BY_PHONE, {"phone": phone})
    if found is not None:
        return found
    conversation = Conversation(phone=phone, profile_name=(profile_name or "").strip()[:120] or None)
    try:
        with session.begin_nested():
            session.add(conversation)
    except IntegrityError:
        # Two first messages from a new number raced; the other request created the row.
        return session.scalar(select(Conversation).where(Conversation.phone == phone))
    return conversation


def record_inbound(session: Session, inbound: InboundMessage, *, now: datetime | None = None) -> Recorded:
    """Log an inbound message once; a repeated provider sid returns 'duplicate' and changes nothing."""
    sid = _check_sid(inbound.provider_sid)
    conversation = get_or_create(session, phone=inbound.phone, profile_name=inbound.profile_name)
    # The unique provider_sid decides, in one statement: no read-then-insert race, no savepoint.
    message = session.scalar(_INSERT_ONCE[session.get_bind().dialect.name], {
        "conversation_id": conversation.id, "direction": Direction.IN, "author": Author.PATIENT, "provider_sid": sid,
        "body": (inbound.body or "")[:MAX_BODY], "created_at": now or now_utc(),
        "media": [{"url": m.url, "content_type": m.content_type} for m in inbound.media]})
    if message is None:  # Twilio resent it (a retry, or while the first delivery was still in flight)
        return Recorded("duplicate", find_by_sid(session, sid))
    return Recorded("recorded", message)


def record_outbound(session: Session, *, conversation: Conversation, body: str, author: Author,
                    buttons: list[dict] | None = None, agent_id: int | None = None,
                    reply_to_id: int | None = None, provider_sid: str | None = None,
                    status: str | None = None) -> Message:
    """Log a message we send (or tried to send) to the patient; written at the caller's next flush."""
    message = Message(conversation_id=conversation.id, direction=Direction.OUT, author=author,
                      agent_id=agent_id, reply_to_id=reply_to_id, provider_sid=provider_sid,
                      body=body[:MAX_BODY], buttons=buttons, status=status, created_at=now_utc())
    session.add(message)
    return message


def find_by_sid(session: Session, provider_sid: str) -> Message | None:
    return session.scalar(select(Message).where(Message.provider_sid == provider_sid))


def next_pending(session: Session, conversation_id: int) -> Message | None:
    """The oldest inbound message of the conversation the gateway has not handled yet."""
    return session.scalar(_NEXT_PENDING, {"conversation_id": conversation_id})


def pending(conversation_id) -> tuple[ColumnElement[bool], ...]:
    """SQL criteria: the conversation's inbound messages the gateway has not handled yet."""
    return Message.conversation_id == conversation_id, Message.direction == Direction.IN, Message.processed_at.is_(None)


def window_through_pending(conversation_id) -> ColumnElement:
    """SQL for last_inbound_at moved up to the newest message still waiting to be handled, never back."""
    newest = select(func.max(Message.created_at)).where(*pending(conversation_id)).scalar_subquery()
    last = Conversation.last_inbound_at
    return case((newest.is_not(None) & (last.is_(None) | (newest > last)), newest), else_=last)


def stalled_conversations(session: Session, *, older_than: timedelta = timedelta(minutes=2),
                          limit: int = 500) -> list[int]:
    """Conversations with an inbound message still unhandled after `older_than` (its job was lost)."""
    cutoff = now_utc() - older_than
    return list(session.scalars(
        select(Message.conversation_id).where(Message.direction == Direction.IN, Message.processed_at.is_(None),
                                              Message.created_at <= cutoff).distinct().limit(limit)))


def mark_processed(session: Session, message: Message, *, error: str | None = None) -> None:
    message.processed_at = now_utc()
    if error:
        message.error = error[:300]


def update_status(session: Session, *, provider_sid: str, status: str,
                  error_code: str | None = None) -> Message | None:
    """Apply a delivery status callback; a late callback never moves a status backwards."""
    status = status.strip().lower()
    if status not in _STATUS_RANK:
        raise ValidationError(f"unknown message status {status!r}")
    message = session.execute(select(Message).where(Message.provider_sid == provider_sid)
                              .with_for_update()).scalar_one_or_none()
    if message is None or message.direction is not Direction.OUT:
        return None
    if _STATUS_RANK[status] > _STATUS_RANK.get(message.status or "", -1):
        message.status = status
        if error_code:
            message.error = f"provider error {error_code}"
    return message


def replies_to(session: Session, message_id: int) -> list[Message]:
    """What we sent in answer to one inbound message, in order."""
    return list(session.scalars(select(Message).where(Message.reply_to_id == message_id).order_by(Message.id)))


def history(session: Session, conversation_id: int, *, after_id: int = 0, limit: int = 200) -> list[Message]:
    """Messages of a conversation in the order they happened."""
    return list(session.scalars(
        select(Message).where(Message.conversation_id == conversation_id, Message.id > after_id)
        .order_by(Message.id).limit(limit)))


def touch_inbound(session: Session, conversation: Conversation, at: datetime) -> None:
    """Open (or extend) the 24-hour window from the patient's latest message."""
    session.execute(update(Conversation).where(Conversation.id == conversation.id)
                    .values(last_inbound_at=at).where((Conversation.last_inbound_at.is_(None))
                                                      | (Conversation.last_inbound_at < at)))
    session.refresh(conversation, ["last_inbound_at"])


def _insert_once(insert) -> Select:
    """INSERT ... ON CONFLICT (provider_sid) DO NOTHING RETURNING the new row as a Message (or nothing)."""
    table = Message.__table__
    return select(Message).from_statement(
        insert(table).on_conflict_do_nothing(index_elements=[table.c.provider_sid]).returning(*table.c))


# Run on every gateway turn, so built once, with the values as parameters: building them each time
# cost as much as running them. Both dialects spell ON CONFLICT the same way.
_INSERT_ONCE = {"postgresql": _insert_once(postgresql.insert), "sqlite": _insert_once(sqlite.insert)}
_BY_PHONE = select(Conversation).where(Conversation.phone == bindparam("phone"))
_NEXT_PENDING = select(Message).where(*pending(bindparam("conversation_id"))).order_by(Message.id).limit(1)


def _check_sid(sid: str) -> str:
    sid = (sid or "").strip()
    if not 1 <= len(sid) <= 64:
        raise ValidationError("an inbound message needs the provider's message id")
    return sid
