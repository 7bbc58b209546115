"""SMS in India through Gupshup Enterprise, carrying the DLT entity id, header and template id.

GET /GatewayAPI/rest with userid/password (auth_scheme=plain), method=sendMessage, v=1.1,
format=json; DLT data as principalEntityId, dltTemplateId and the header as `mask`. The text was
checked against the registered template before we got here (core.notify.channels.checked_dlt).
"""
from __future__ import annotations

import requests

from adapters import http
from core.notify.channels import Dlt, SendFailed

VENDOR = "Gupshup SMS"
PATH = "/GatewayAPI/rest"


class GupshupSms:
    name = "gupshup-sms"

    def __init__(self, *, userid: str, password: str, base_url: str) -> None:
        self._http = requests.Session()
        self._auth = {"userid": userid, "password": password, "auth_scheme": "plain", "v": "1.1"}
        self._url = base_url.rstrip("/") + PATH

    @classmethod
    def from_settings(cls, settings) -> "GupshupSms":
        return cls(userid=settings.gupshup_sms_userid, password=settings.gupshup_sms_password,
                   base_url=settings.gupshup_sms_base_url)

    def send_sms(self, to: str, text: str, *, dlt: Dlt, reference: str) -> str:
        params = {**self._auth, "method": "sendMessage", "format": "json", "send_to": to.lstrip("+"), "msg": text,
                  "msg_type": "TEXT" if text.isascii() else "UNICODE_TEXT", "mask": dlt.header,
                  "principalEntityId": dlt.entity_id, "dltTemplateId": dlt.template.template_id}
        answer = http.json_body(http.call(self._http, VENDOR, "POST", self._url, data=params), VENDOR)
        result = answer.get("response") or {}
        if result.get("status") != "success" or not result.get("id"):
            raise SendFailed(f"Gupshup SMS refused the message: {result.get('details') or answer}")
        return str(result["id"])
