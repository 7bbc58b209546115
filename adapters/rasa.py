"""A client for the rasa server's REST channel: one patient message in, the bot's messages out."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import requests

from core.messaging import Button
from core.settings import Settings

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered something that is not a list of bot messages."""


@dataclass(frozen=True)
class BotReply:
    text: str
    buttons: list[Button] = field(default_factory=list)


class RasaClient:
    def __init__(self, url: str, token: str = "", *, timeout: float = 15) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._http = requests.Session()

    @classmethod
    def from_settings(cls, settings: Settings) -> "RasaClient":
        return cls(settings.rasa_url, settings.rasa_token, timeout=settings.rasa_timeout_seconds)

    def send(self, sender: str, message: str, metadata: dict) -> list[BotReply]:
        """Run one turn; raises RasaUnavailable if rasa is down, slow or answers nonsense."""
        # The token matters for rasa's HTTP API; the REST channel ignores it, so rasa must stay private.
        params = {"token": self._token} if self._token else None
        try:
            response = self._http.post(f"{self.url}/webhooks/rest/webhook", params=params, timeout=self._timeout,
                                       json={"sender": sender, "message": message, "metadata": metadata})
            response.raise_for_status()
            payload = response.json()
        except (requests.RequestException, ValueError) as error:
            raise RasaUnavailable(f"rasa turn failed: {error.__class__.__name__}") from error
        if not isinstance(payload, list):
            raise RasaUnavailable("rasa answered something other than a list of messages")
        return [reply for item in payload if (reply := _reply(item)) is not None]

    def trigger_intent(self, sender: str, intent: str, entities: dict[str, str]) -> list[BotReply]:
        """Inject an intent from the backend (e.g. the NPS question); returns the bot's messages."""
        try:
            response = self._http.post(f"{self.url}/conversations/{sender}/trigger_intent",
                                       params={"token": self._token}, timeout=self._timeout,
                                       json={"name": intent, "entities": entities})
            response.raise_for_status()
            messages = response.json().get("messages") or []
        except (requests.RequestException, ValueError, AttributeError) as error:
            raise RasaUnavailable(f"rasa trigger_intent failed: {error.__class__.__name__}") from error
        return [reply for item in messages if (reply := _reply(item)) is not None]


def _reply(item: object) -> BotReply | None:
    if not isinstance(item, dict):
        return None
    text = (item.get("text") or "").strip()
    if item.get("image"):  # WhatsApp text cannot embed an image; the link still gets through
        text = f"{text}\n{item['image']}".strip()
    buttons = [Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
               for b in item.get("buttons") or [] if isinstance(b, dict) and b.get("title")]
    if not text and not buttons:
        log.debug("rasa message without text or buttons skipped: %s", sorted(item))
        return None
    return BotReply(text=text, buttons=buttons)
