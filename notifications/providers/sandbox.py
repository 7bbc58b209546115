"""The development outbox: nothing leaves the machine; the conversation log is the outbox.

Every send goes through core.conversations.outbound, which logs the message before calling the
provider, so the sandbox only has to hand out ids. The sandbox chat page and the console read the log.
"""
from __future__ import annotations

import uuid

from core.messaging import MAX_MEDIA_BYTES, Button
from notifications.providers import media


class SandboxMessaging:
    def send_text(self, to: str, body: str, buttons: list[Button] | None = None) -> str:
        return _new_id()

    def send_template(self, to: str, template: str, variables: dict[str, str]) -> str:
        return _new_id()

    def fetch_media(self, url: str, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        # Sandbox attachments are plain links (the console's own signed file links): no auth.
        return media.download(url, max_bytes=max_bytes)


def _new_id() -> str:
    return "SB" + uuid.uuid4().hex  # 34 characters, shaped like a Twilio MessageSid
