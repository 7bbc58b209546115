"""A local Twilio Verify v2 built from its documented shapes (reference/vendors-messaging-payouts.md 4.1):
Basic auth; `To` in E.164 and `Channel` in the enum (else 400/60200); a 6th send without completion is
429/60203, a 6th check 429/60202; a wrong code is 200 `pending`, the right one 200 `approved`; after
approval or 10 minutes, 404/20404. Errors use Twilio's legacy body (code, message, more_info, status)."""
from __future__ import annotations

import base64
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field

from tests.fake_http import FakeServer, Reply

SID, TOKEN, SERVICE = "AC" + "a" * 32, "verify-secret", "VA" + "b" * 32
CHANNELS = {"sms", "call", "email", "whatsapp", "sna"}
TTL_SECONDS = 600


@dataclass
class Verification:
    sid: str
    to: str
    channel: str
    code: str
    created: float = field(default_factory=time.monotonic)
    status: str = "pending"
    sends: int = 1
    checks: int = 0


class FakeVerify:
    def __init__(self) -> None:
        self.by_to: dict[str, Verification] = {}
        self.server = FakeServer(self._respond)

    def __enter__(self) -> "FakeVerify":
        self.server.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.server.__exit__(*exc)

    @property
    def url(self) -> str:
        return self.server.url

    def code_for(self, to: str) -> str:
        return self.by_to[to].code

    def _respond(self, seen) -> Reply:
        if seen.headers.get("Authorization") != "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode():
            return _error(401, 20003, "Authenticate")
        form = {k: v[0] for k, v in seen.form().items()}
        if seen.path == f"/v2/Services/{SERVICE}/Verifications" and seen.method == "POST":
            return self._start(form)
        if seen.path == f"/v2/Services/{SERVICE}/VerificationCheck" and seen.method == "POST":
            return self._check(form)
        return _error(404, 20404, f"The requested resource {seen.path} was not found")

    def _start(self, form: dict) -> Reply:
        to, channel = form.get("To", ""), form.get("Channel", "")
        if not re.fullmatch(r"\+[1-9]\d{7,14}", to):
            return _error(400, 60200, "Invalid parameter: To")
        if channel not in CHANNELS:
            return _error(400, 60200, "Invalid parameter: Channel")
        live = self._live(to)
        if live is None:
            live = self.by_to[to] = Verification("VE" + uuid.uuid4().hex, to, channel, f"{secrets.randbelow(10**6):06d}")
        elif live.sends >= 5:
            return _error(429, 60203, "Max send attempts reached")
        else:
            live.sends += 1
        return Reply(201, self._json(live))

    def _check(self, form: dict) -> Reply:
        found = next((v for v in self.by_to.values() if v.sid == form.get("VerificationSid")), None)
        if found is None and form.get("To"):
            found = self.by_to.get(form["To"])
        if found is None or self._live(found.to) is None:
            return _error(404, 20404, "The requested resource /VerificationCheck was not found")
        if found.checks >= 5:
            return _error(429, 60202, "Max check attempts reached")
        found.checks += 1
        if form.get("Code") == found.code:
            found.status = "approved"
        return Reply(200, self._json(found))

    def _live(self, to: str) -> Verification | None:
        found = self.by_to.get(to)
        if found is None or found.status != "pending" or time.monotonic() - found.created > TTL_SECONDS:
            return None
        return found

    def _json(self, v: Verification) -> dict:
        return {"sid": v.sid, "service_sid": SERVICE, "account_sid": SID, "to": v.to, "channel": v.channel,
                "status": v.status, "valid": v.status == "approved", "lookup": {}, "amount": None, "payee": None,
                "send_code_attempts": [{"time": "2026-12-01T10:00:00.000Z", "channel": v.channel}] * v.sends,
                "date_created": "2026-12-01T10:00:00Z", "date_updated": "2026-12-01T10:00:00Z", "sna": None,
                "url": f"https://verify.twilio.com/v2/Services/{SERVICE}/Verifications/{v.sid}"}


def _error(status: int, code: int, message: str) -> Reply:
    return Reply(status, {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                          "status": status})
