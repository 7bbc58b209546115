"""Email through Postmark's /email endpoint (JSON, X-Postmark-Server-Token), attachments base64."""
from __future__ import annotations

import base64

import requests

from adapters import http
from core.notify.channels import Attachment, SendFailed

VENDOR = "Postmark"


class PostmarkEmail:
    name = "postmark"

    def __init__(self, *, server_token: str, sender: str, base_url: str) -> None:
        self._http = requests.Session()
        self._http.headers.update({"X-Postmark-Server-Token": server_token, "Accept": "application/json"})
        self._url, self._from = base_url.rstrip("/") + "/email", sender

    @classmethod
    def from_settings(cls, settings) -> "PostmarkEmail":
        return cls(server_token=settings.postmark_server_token, sender=settings.email_from,
                   base_url=settings.postmark_base_url)

    def send_email(self, to: str, subject: str, text: str, *, attachments: tuple[Attachment, ...] = (),
                   reference: str) -> str:
        body = {"From": self._from, "To": to, "Subject": subject, "TextBody": text, "MessageStream": "outbound",
                "Metadata": {"reference": reference},
                "Attachments": [{"Name": a.filename, "ContentType": a.content_type,
                                 "Content": base64.b64encode(a.data).decode()} for a in attachments]}
        answer = http.json_body(http.call(self._http, VENDOR, "POST", self._url, json=body), VENDOR)
        if answer.get("ErrorCode", 0) != 0 or not answer.get("MessageID"):
            raise SendFailed(f"Postmark refused the email ({answer.get('ErrorCode')}): {answer.get('Message')}")
        return answer["MessageID"]
