"""How the inbox shows messages as JSON for the polling page (times through console.display)."""
from __future__ import annotations

from console.display import ist
from core.models.conversations import Message


def message_json(message: Message, agent_names: dict[int, str], files: list | None = None) -> dict:
    """One log entry as the page's poller renders it (the browser inserts it as text, never HTML)."""
    return {"id": message.id, "direction": message.direction.value, "author": message.author.value,
            "agent": agent_names.get(message.agent_id) if message.agent_id else None,
            "body": message.body, "at": ist(message.created_at), "status": message.status,
            "error": message.error, "attachments": [m.get("content_type", "file") for m in message.media or []],
            "files": [{"url": f.url, "image": f.is_image, "kind": f.kind, "problem": f.problem} for f in files or []]}
