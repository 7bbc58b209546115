"""WhatsApp through Twilio's Messages API, using the official SDK."""
from __future__ import annotations

import json

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from core.messaging import MAX_MEDIA_BYTES, Button, MessagingError, OutsideWindow, numbered
from core.settings import Settings
from notifications import templates as templates_config
from notifications.providers import media

OUTSIDE_WINDOW_ERROR = 63016  # Twilio: free-form WhatsApp message outside the 24-hour window
STATUS_PATH = "/webhooks/twilio/status"


class TwilioWhatsApp:
    def __init__(self, *, account_sid: str, auth_token: str, sender: str, status_callback: str | None = None,
                 base_url: str | None = None, timeout: float = 10,
                 templates: dict[str, templates_config.ApprovedTemplate] | None = None) -> None:
        self._client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout))
        if base_url:  # a regional edge, or a local fake in tests
            self._client.api.base_url = base_url.rstrip("/")
        self._auth = (account_sid, auth_token)
        self._sender = sender if sender.startswith("whatsapp:") else f"whatsapp:{sender}"
        self._status_callback = status_callback
        self._templates = templates or {}

    @classmethod
    def from_settings(cls, settings: Settings) -> "TwilioWhatsApp":
        # Twilio only calls back public https URLs; a local base URL would make every send fail.
        public = settings.public_base_url.rstrip("/")
        callback = public + STATUS_PATH if public.startswith("https://") else None
        return cls(account_sid=settings.twilio_account_sid, auth_token=settings.twilio_auth_token,
                   sender=settings.twilio_whatsapp_from, status_callback=callback,
                   base_url=settings.twilio_base_url or None,
                   templates=templates_config.parse(settings.twilio_content_sids))

    def send_text(self, to: str, body: str, buttons: list[Button] | None = None) -> str:
        # Plain session messages have no buttons; the patient answers with the option's number.
        return self._create(to, body=numbered(body, buttons))

    def send_template(self, to: str, template: str, variables: dict[str, str]) -> str:
        """`template` is one of our template names (see notifications.templates) or a raw Content SID."""
        content_sid, numbered_variables = templates_config.resolve(self._templates, template, variables)
        return self._create(to, content_sid=content_sid, content_variables=json.dumps(numbered_variables))

    def fetch_media(self, url: str, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        # Media URLs need the account's basic auth; requests drops it on the redirect to the file host.
        return media.download(url, max_bytes=max_bytes, auth=self._auth)

    def _create(self, to: str, **content: str) -> str:
        extra = {"status_callback": self._status_callback} if self._status_callback else {}
        try:
            message = self._client.messages.create(from_=self._sender, to=f"whatsapp:{to}", **content, **extra)
        except TwilioRestException as error:
            kind = OutsideWindow if error.code == OUTSIDE_WINDOW_ERROR else MessagingError
            raise kind(f"Twilio refused the message (error {error.code}): {error.msg}") from error
        except (TwilioException, requests.RequestException) as error:
            raise MessagingError(f"Twilio could not be reached: {error.__class__.__name__}") from error
        return message.sid
