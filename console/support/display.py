"""How the inbox shows things: times in India, messages as JSON for the polling page."""
from __future__ import annotations

from datetime import datetime

from core.clock import IST
from core.models.conversations import Message


def ist(moment: datetime | None) -> str:
    """'25 Dec 2025, 04:30 PM IST'; empty for no time."""
    return moment.astimezone(IST).strftime("%d %b %Y, %I:%M %p IST") if moment else ""


def message_json(message: Message, agent_names: dict[int, str]) -> dict:
    """One log entry as the page's poller renders it (the browser inserts it as text, never HTML)."""
    return {"id": message.id, "direction": message.direction.value, "author": message.author.value,
            "agent": agent_names.get(message.agent_id) if message.agent_id else None,
            "body": message.body, "at": ist(message.created_at), "status": message.status,
            "error": message.error, "attachments": [m.get("content_type", "file") for m in message.media or []]}
