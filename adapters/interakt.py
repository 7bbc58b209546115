"""WhatsApp through Interakt's public message API (templates, and text inside the 24-hour window).

POST /v1/public/message/ with JSON and `Authorization: Basic <API key>` (the key is sent as the
dashboard shows it); Interakt answers {"result": true, "id": ...} and reports delivery to a webhook
signed with `Interakt-Signature: sha256=<hex HMAC>` (console/notifications/callbacks.py).
"""
from __future__ import annotations

import requests

from adapters import http
from core.messaging import MAX_MEDIA_BYTES, Button, numbered
from core.notify.channels import SendFailed
from notifications.providers import media

VENDOR = "Interakt"
PATH = "/v1/public/message/"  # the trailing slash is part of Interakt's route


class InteraktWhatsApp:
    name = "interakt"

    def __init__(self, *, api_key: str, base_url: str) -> None:
        self._http = requests.Session()
        self._http.headers["Authorization"] = f"Basic {api_key}"
        self._url = base_url.rstrip("/") + PATH

    @classmethod
    def from_settings(cls, settings) -> "InteraktWhatsApp":
        return cls(api_key=settings.interakt_api_key, base_url=settings.interakt_base_url)

    def send_text(self, to: str, body: str, buttons: list[Button] | None = None) -> str:
        return self._post({**_recipient(to), "type": "Text", "data": {"message": numbered(body, buttons)}})

    def send_template(self, to: str, template: str, variables: dict[str, str]) -> str:
        """`template` is our name with a language suffix (booking_confirmed_hi); values in template order."""
        name, language = _language(template)
        return self._post({**_recipient(to), "type": "Template", "callbackData": template,
                           "template": {"name": name, "languageCode": language,
                                        "bodyValues": [str(v) for v in variables.values()]}})

    def fetch_media(self, url: str, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        return media.download(url, max_bytes=max_bytes)

    def _post(self, body: dict) -> str:
        answer = http.json_body(http.call(self._http, VENDOR, "POST", self._url, json=body), VENDOR)
        if not answer.get("result") or not answer.get("id"):
            raise SendFailed(f"Interakt did not take the message: {answer.get('message') or answer}")
        return answer["id"]


def _recipient(phone: str) -> dict[str, str]:
    # Indian numbers only for now: +91 and the national number (no leading 0).
    digits = phone.lstrip("+")
    if digits.startswith("91") and len(digits) == 12:
        return {"countryCode": "+91", "phoneNumber": digits[2:]}
    return {"fullPhoneNumber": digits}


def _language(template: str) -> tuple[str, str]:
    # Hinglish is written in Latin script: Meta files it under English.
    for suffix, code in (("_hinglish", "en"), ("_hi", "hi")):
        if template.endswith(suffix):
            return template.removesuffix(suffix), code
    return template, "en"
