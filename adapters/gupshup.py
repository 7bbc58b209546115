"""WhatsApp through Gupshup's Access API (session messages and approved templates), over requests.

Request shapes: POST /wa/api/v1/msg and /wa/api/v1/template/msg, form-encoded, header `apikey`;
Gupshup answers {"status": "submitted", "messageId": ...} and reports delivery by callback
(console/notifications/callbacks.py).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import requests

from adapters import http
from core.messaging import MAX_MEDIA_BYTES, Button, numbered
from core.notify.channels import SendFailed
from notifications.providers import media

VENDOR = "Gupshup"


@dataclass(frozen=True)
class GupshupTemplate:
    template_id: str  # Gupshup's template UUID
    variables: tuple[str, ...]  # our variable names in the order of the template's placeholders


def parse_templates(config: str) -> dict[str, GupshupTemplate]:
    """"name=<uuid>:var1,var2;..." as in settings.gupshup_templates."""
    templates = {}
    for entry in filter(None, (part.strip() for part in config.split(";"))):
        name, _, rest = entry.partition("=")
        template_id, _, names = rest.partition(":")
        templates[name.strip()] = GupshupTemplate(template_id.strip(),
                                                  tuple(v.strip() for v in names.split(",") if v.strip()))
    return templates


class GupshupWhatsApp:
    name = "gupshup"

    def __init__(self, *, api_key: str, source: str, app_name: str, base_url: str,
                 templates: dict[str, GupshupTemplate] | None = None) -> None:
        self._http = requests.Session()
        self._http.headers["apikey"] = api_key
        self._base = base_url.rstrip("/")
        self._source, self._app = source.lstrip("+"), app_name
        self._templates = templates or {}

    @classmethod
    def from_settings(cls, settings) -> "GupshupWhatsApp":
        return cls(api_key=settings.gupshup_api_key, source=settings.gupshup_source,
                   app_name=settings.gupshup_app_name, base_url=settings.gupshup_base_url,
                   templates=parse_templates(settings.gupshup_templates))

    def send_text(self, to: str, body: str, buttons: list[Button] | None = None) -> str:
        message = {"type": "text", "text": numbered(body, buttons)}
        return self._post("/wa/api/v1/msg", to, message=json.dumps(message, ensure_ascii=False))

    def send_template(self, to: str, template: str, variables: dict[str, str]) -> str:
        found = self._templates.get(template)
        if found is None:
            raise SendFailed(f"WhatsApp template {template!r} has no Gupshup template id (MEDEZY_GUPSHUP_TEMPLATES)")
        params = [str(variables.get(name, "")) for name in found.variables]
        spec = json.dumps({"id": found.template_id, "params": params}, ensure_ascii=False)
        return self._post("/wa/api/v1/template/msg", to, template=spec)

    def fetch_media(self, url: str, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        return media.download(url, max_bytes=max_bytes)  # Gupshup media links are signed and expire

    def _post(self, path: str, to: str, **fields: str) -> str:
        form = {"channel": "whatsapp", "source": self._source, "src.name": self._app,
                "destination": to.lstrip("+"), **fields}
        response = http.call(self._http, VENDOR, "POST", self._base + path, data=form)
        answer = http.json_body(response, VENDOR)
        if answer.get("status") != "submitted" or not answer.get("messageId"):
            raise SendFailed(f"Gupshup did not take the message: {answer.get('message') or answer}")
        return answer["messageId"]
