"""One inbound WhatsApp message, handled: patient, attachments, rasa, replies, all logged.

A turn starts and finishes inside the job's transactions (which also carry the conversation's lease),
and rasa is called with none open: rasa's custom actions write to the same database (and SQLite lets
only one writer in at a time).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from adapters.rasa import BotReply, RasaUnavailable
from core import documents, patients
from core.actors import Actor
from core.clock import now_utc
from core.conversations import identity
from core.conversations import log as conversation_log
from core.conversations import outbound
from core.errors import ValidationError
from core.messaging import MessagingError, OutsideWindow
from core.models.bookings import Booking
from core.models.conversations import Author, Conversation, ConversationState, Message
from core.models.users import Role
from wiring.container import Container

log = logging.getLogger(__name__)
RASA_DOWN = ("Sorry, our assistant is having trouble right now. Your message is saved; "
             "please try again in a few minutes.")


@dataclass
class Turn:
    message: Message  # both rows stay in the job's session, so finishing the turn re-reads neither
    conversation: Conversation
    user_id: int
    text: str
    media: list[dict]
    agent_owned: bool
    rasa_sender: str
    metadata: dict
    notes: list[str] = field(default_factory=list)  # gateway replies (attachment receipts, refusals)


def start(session: Session, conversation: Conversation, message: Message) -> Turn:
    """Find or register the patient (the caller commits; taking the lease opened the reply window)."""
    user_id = _patient_id(session, conversation)
    metadata = {"phone": conversation.phone, "user_id": user_id, "conversation_id": conversation.id,
                "profile_name": conversation.profile_name, "media": []}
    return Turn(message=message, conversation=conversation, user_id=user_id, text=message.body.strip(),
                media=[dict(m) for m in message.media], agent_owned=conversation.state is ConversationState.AGENT,
                rasa_sender=conversation.rasa_sender_id, metadata=metadata)


def ask(c: Container, turn: Turn) -> tuple[list[BotReply], str | None]:
    """Store the attachments, then ask rasa; the replies and, if rasa failed, why (no transaction open)."""
    for item in turn.media:
        _store_attachment(c, turn, item)
    return _ask_rasa(c, turn)


def finish(session: Session, c: Container, turn: Turn, replies: list[BotReply], error: str | None) -> None:
    """Send and log the replies and mark the message handled (the caller commits)."""
    turn.message.media = turn.media  # now with document ids or the reason an attachment was refused
    outgoing = [(note, [], Author.SYSTEM) for note in turn.notes]
    outgoing += [(r.text, r.buttons, Author.SYSTEM if error else Author.BOT) for r in replies]
    try:
        for body, buttons, author in outgoing:
            outbound.send_text(session, c.adapters["messaging"], conversation=turn.conversation, body=body,
                               buttons=buttons, author=author, reply_to_id=turn.message.id)
    except OutsideWindow as refused:  # only if this message waited a whole day in the queue
        error = str(refused)
    conversation_log.mark_processed(session, turn.message, error=error)


def _patient_id(session: Session, conversation: Conversation) -> int:
    # Only this function sets user_id, from the conversation's phone (which never changes), so once
    # set it needs no second look-up on every later message.
    if conversation.user_id is None:
        # Unknown senders become patients: writing from a WhatsApp number proves they hold it.
        user, _ = patients.get_or_register(session, phone=conversation.phone, name=conversation.profile_name)
        conversation.user_id = user.id
    return conversation.user_id


def _store_attachment(c: Container, turn: Turn, item: dict) -> None:
    try:
        data, fetched_type = c.adapters["messaging"].fetch_media(item["url"])
        with c.uow() as uow:
            document = documents.attach_prescription(
                uow.session, c.adapters["storage"], actor=Actor(Role.PATIENT, turn.user_id), user_id=turn.user_id,
                data=data, content_type=item.get("content_type") or fetched_type)
            item.update(document_id=document.id, booking_id=document.booking_id)
            booking = uow.session.get(Booking, document.booking_id) if document.booking_id else None
            uow.commit()
    except ValidationError as error:
        item["error"] = str(error)
        turn.notes.append(f"Sorry, we could not use the file you sent. {error}")
        return
    except MessagingError as error:
        item["error"] = str(error)
        turn.notes.append("Sorry, we could not download the file you sent; please send it again.")
        return
    turn.metadata["media"].append({k: item[k] for k in ("document_id", "booking_id", "content_type") if k in item})
    turn.notes.append(f"Thanks, we have attached your prescription to booking {booking.reference}." if booking
                      else "Thanks, we have saved your prescription; we will use it for your booking.")


def _ask_rasa(c: Container, turn: Turn) -> tuple[list[BotReply], str | None]:
    if turn.agent_owned or not turn.text:
        return [], None  # an agent reads it in the console; a bare attachment was acknowledged above
    # Signed, so the action server can tell our identities from anyone else's (core.conversations.identity).
    metadata = identity.sign(identity.signing_key(c.settings.secret_key), sender=turn.rasa_sender,
                             metadata=turn.metadata, now=now_utc())
    try:
        return c.adapters["rasa"].send(turn.rasa_sender, turn.text, metadata), None
    except RasaUnavailable as error:
        log.warning("message %s: %s", turn.message.id, error)
        return [BotReply(text=RASA_DOWN)], str(error)
