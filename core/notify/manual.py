"""Manual messages: one API for support agents and partner staff to message a patient or a center.

Every message becomes a notification (sent by the same jobs, with the same states and callbacks) and
is written to the conversation log of the recipient's phone, so support sees the whole thread.
"""
from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.conversations import log
from core.errors import Forbidden, NotFound, ValidationError
from core.models import Booking, Center, Role, User
from core.models.conversations import Author
from core.models.notifications import Channel, Notification
from core.notify.queue import Draft, queue

MAX_TEXT = 1000
SMS_TEXT = "MedEzy: {text}"  # registered on DLT as "MedEzy: {#var#}" (notifications.texts.en "manual")
DEFAULT_SUBJECT = "A message from MedEzy"


def send(session: Session, *, actor: Actor, channel: Channel, text: str, patient_id: int | None = None,
         center_id: int | None = None, booking_id: int | None = None, subject: str | None = None,
         request_id: str | None = None) -> Notification:
    """Queue a message a person wrote; `request_id` makes a double-submitted form send it once."""
    actor.require(Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.PARTNER_STAFF)
    text = _checked(text)
    target = _target(session, actor, patient_id=patient_id, center_id=center_id, booking_id=booking_id)
    address = _address(target, channel)
    body = SMS_TEXT.format(text=text) if channel is Channel.SMS else text
    draft = Draft(trigger="manual", event=f"manual:{request_id or uuid.uuid4().hex}", channel=channel,
                  address=address, body=body, subject=(subject or DEFAULT_SUBJECT)[:200] if channel is Channel.EMAIL
                  else None, recipient=_key(target), urgent=True, booking_id=booking_id,
                  user_id=target.id if isinstance(target, User) else None,
                  center_id=target.id if isinstance(target, Center) else None,
                  template="manual" if channel is not Channel.EMAIL else None, variables={"text": text})
    row = queue(session, draft)
    if row is None:
        raise ValidationError("This message was already sent (or the patient opted out of this channel).")
    _log(session, actor, row, target, channel, text)
    return row


def _checked(text: str) -> str:
    text = (text or "").strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise ValidationError(f"Write a message of 1 to {MAX_TEXT} characters.")
    return text


def _target(session: Session, actor: Actor, *, patient_id, center_id, booking_id) -> User | Center:
    booking = session.get(Booking, booking_id) if booking_id else None
    if booking_id and booking is None:
        raise NotFound(f"Booking {booking_id} does not exist.")
    if actor.role is Role.PARTNER_STAFF:
        # A center may message the patients of its own bookings, nobody else.
        if booking is None or booking.center_id != actor.center_id or center_id:
            raise Forbidden("Partners can message only the patient of one of their own bookings.")
        return booking.user
    if center_id:
        return session.get(Center, center_id) or _missing("Center", center_id)
    user_id = patient_id or (booking.user_id if booking else None)
    user = session.get(User, user_id) if user_id else None
    return user if user is not None and user.role is Role.PATIENT else _missing("Patient", user_id)


def _missing(kind: str, key) -> None:
    raise NotFound(f"{kind} {key} does not exist.")


def _address(target: User | Center, channel: Channel) -> str:
    address = target.email if channel is Channel.EMAIL else target.phone
    if not address:
        raise ValidationError(f"{target.name} has no {'email address' if channel is Channel.EMAIL else 'phone'}.")
    return address


def _key(target: User | Center) -> str:
    return f"user:{target.id}" if isinstance(target, User) else f"center:{target.id}"


def _log(session: Session, actor: Actor, row: Notification, target, channel: Channel, text: str) -> None:
    if target.phone:
        conversation = log.get_or_create(session, phone=target.phone, profile_name=target.name)
        shown = text if channel is Channel.WHATSAPP else f"[{channel.value} to {row.address}] {text}"
        message = log.record_outbound(session, conversation=conversation, body=shown, author=Author.AGENT,
                                      agent_id=actor.user_id, status="sending")
        session.flush()
        row.conversation_message_id = message.id
    audit.record(session, actor=actor, action="message.sent_manually", entity_type="notification",
                 entity_id=row.id, after={"channel": channel.value, "to": _key(target), "booking_id": row.booking_id})
