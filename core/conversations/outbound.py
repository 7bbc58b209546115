"""Sending to a patient: WhatsApp's 24-hour rule first, then the provider, and always the log."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import now_utc
from core.conversations import log
from core.messaging import Button, MessagingError, MessagingProvider, OutsideWindow, within_window
from core.models.conversations import Author, Conversation, Message

_log = logging.getLogger(__name__)


def send_text(session: Session, messaging: MessagingProvider, *, conversation: Conversation, body: str,
              buttons: list[Button] | None = None, author: Author = Author.BOT, agent_id: int | None = None,
              reply_to_id: int | None = None, now: datetime | None = None) -> Message:
    """Send free-form text inside the 24-hour window and log it; a provider refusal is logged as failed."""
    if not within_window(conversation.last_inbound_at, now or now_utc()):
        raise OutsideWindow(f"{conversation.phone} last wrote more than 24 hours ago; WhatsApp allows "
                            "only an approved template now.")
    message = log.record_outbound(session, conversation=conversation, body=body, author=author,
                                  agent_id=agent_id, buttons=_as_dicts(buttons), reply_to_id=reply_to_id)
    return _deliver(session, message, lambda: messaging.send_text(conversation.phone, body, buttons))


def send_template(session: Session, messaging: MessagingProvider, *, conversation: Conversation,
                  template: str, variables: dict[str, str], author: Author = Author.SYSTEM) -> Message:
    """Send an approved template (allowed at any time) and log it."""
    body = f"[template {template}] {json.dumps(variables, ensure_ascii=False, sort_keys=True)}"
    message = log.record_outbound(session, conversation=conversation, body=body, author=author)
    return _deliver(session, message, lambda: messaging.send_template(conversation.phone, template, variables))


def _deliver(session: Session, message: Message, send: Callable[[], str]) -> Message:
    # The row joins the caller's transaction before the provider is called but is written once, with
    # the provider's answer: nobody sees it before commit anyway, and a second statement per message
    # (INSERT, then UPDATE with the sid) cost a round trip for nothing.
    try:
        message.provider_sid, message.status = send(), "queued"
    except MessagingError as error:
        # Logged, not raised: the turn already happened; the agent console shows the failed message.
        message.status, message.error = "failed", str(error)[:300]
    session.flush()
    if message.status == "failed":
        _log.warning("outbound message %s failed: %s", message.id, message.error)
    return message


def _as_dicts(buttons: list[Button] | None) -> list[dict] | None:
    return [{"title": b.title, "payload": b.payload} for b in buttons] if buttons else None
