"""Local fakes of Gupshup (WhatsApp and SMS), Interakt and Postmark, from their documented shapes.

Each checks what the vendor checks (auth, required fields, template variable counts) and answers the
way the vendor answers, so the adapters are driven through `requests` over real HTTP.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from base64 import b64decode

from tests.fake_http import FakeServer, Reply


class Vendor:
    """Base: `with Fake() as fake:`; `fake.url`, `fake.sent` (accepted messages), and `fake.delay` seconds
    of lateness for every answer, or only for messages containing `fake.delay_if`."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        self.delay = 0.0
        self.delay_if: str | None = None
        self.fail_with: Reply | None = None
        self._lock = threading.Lock()

    def __enter__(self):
        self._server = FakeServer(self).__enter__()
        self.url = self._server.url
        return self

    def __exit__(self, *exc):
        self._server.__exit__(*exc)

    def accept(self, record: dict) -> None:
        with self._lock:
            self.sent.append(record)
        if self.delay and (self.delay_if is None or self.delay_if in json.dumps(record, ensure_ascii=False)):
            time.sleep(self.delay)  # the message is taken; the answer is late (a worker may die meanwhile)


class FakeGupshup(Vendor):
    """POST /wa/api/v1/msg and /wa/api/v1/template/msg, form-encoded, header apikey."""

    def __init__(self, api_key="gs-key", app="medezy", templates=None) -> None:
        super().__init__()
        self.api_key, self.app, self.templates = api_key, app, templates or {}

    def __call__(self, seen) -> Reply:
        if seen.path not in ("/wa/api/v1/msg", "/wa/api/v1/template/msg") or seen.method != "POST":
            return Reply(404, {"status": "error", "message": "Not Found"})
        if seen.headers.get("apikey") != self.api_key:
            return Reply(401, {"status": "error", "message": "Authentication Failed"})
        if self.fail_with:
            return self.fail_with
        form = {k: v[0] for k, v in seen.form().items()}
        if form.get("src.name") != self.app or not form.get("source"):
            return Reply(400, {"status": "error", "message": "Invalid app name"})
        if not form.get("destination", "").isdigit():
            return Reply(400, {"status": "error", "message": "Invalid Destination"})
        problem = self._check_content(seen.path, form)
        if problem:
            return Reply(400, {"status": "error", "message": problem})
        message_id = str(uuid.uuid4())
        self.accept({"id": message_id, **form})
        # Documented quirk: the JSON body is labelled text/html.
        return Reply(200, json.dumps({"status": "submitted", "messageId": message_id}), {"Content-Type": "text/html"})

    def _check_content(self, path: str, form: dict) -> str | None:
        try:
            content = json.loads(form["template"] if path.endswith("template/msg") else form["message"])
        except (KeyError, ValueError):
            return "message/template must be JSON"
        if path.endswith("template/msg"):
            expected = self.templates.get(content.get("id"))
            if expected is None:
                return "Template Not Found"
            if len(content.get("params", [])) != expected:
                return "Template params count mismatch"
        elif content.get("type") != "text" or not content.get("text"):
            return "Invalid message"
        return None


class FakeInterakt(Vendor):
    """POST /v1/public/message/ with JSON and Authorization: Basic <key>."""

    def __init__(self, api_key="aW50ZXJha3Q=", templates=None) -> None:
        super().__init__()
        self.api_key, self.templates = api_key, templates or {}

    def __call__(self, seen) -> Reply:
        if seen.path != "/v1/public/message/" or seen.method != "POST":
            return Reply(404, {"result": False, "message": "Not Found"})
        if seen.headers.get("Authorization") != f"Basic {self.api_key}":
            return Reply(401, {"result": False, "message": "Invalid API key"})
        if self.fail_with:
            return self.fail_with
        body = seen.json()
        phone = body.get("fullPhoneNumber")
        split = body.get("countryCode") and body.get("phoneNumber")
        if bool(phone) == bool(split):
            return Reply(400, {"result": False, "message": "give fullPhoneNumber or countryCode+phoneNumber"})
        problem = self._check(body)
        if problem:
            return Reply(400, {"result": False, "message": problem})
        message_id = str(uuid.uuid4())
        self.accept({"id": message_id, **body})
        return Reply(201, {"result": True, "message": "Message created successfully", "id": message_id})

    def _check(self, body: dict) -> str | None:
        if body.get("type") == "Template":
            template = body.get("template") or {}
            expected = self.templates.get((template.get("name"), template.get("languageCode")))
            if expected is None:
                return "Template not found"
            if len(template.get("bodyValues", [])) != expected:
                return "bodyValues count does not match the template"
            return None
        if body.get("type") == "Text":
            return None if (body.get("data") or {}).get("message") else "data.message is required"
        return "type is required"


class FakeGupshupSms(Vendor):
    """/GatewayAPI/rest with userid/password; checks DLT data and the text against registered templates."""

    def __init__(self, userid="2000111111", password="pw", dlt=None) -> None:
        super().__init__()
        self.userid, self.password = userid, password
        self.dlt = dlt or {}  # template id -> (entity id, header, DltTemplate)
        self._seq = 0

    def __call__(self, seen) -> Reply:
        if seen.path != "/GatewayAPI/rest":
            return Reply(404, "Not Found")
        params = {k: v[0] for k, v in (seen.form() if seen.method == "POST" else seen.query).items()}
        if (params.get("userid"), params.get("password")) != (self.userid, self.password) \
                or params.get("auth_scheme") != "plain":
            return self._error("Authentication failed")
        if params.get("method", "").lower() != "sendmessage" or params.get("v") != "1.1":
            return self._error("Invalid method or version")
        registered = self.dlt.get(params.get("dltTemplateId"))
        if registered is None:
            return self._error("DLT template not registered")
        entity, header, template = registered
        if (params.get("principalEntityId"), params.get("mask")) != (entity, header) or \
                not template.matches(params.get("msg", "")):
            return self._error("Message does not match the registered DLT template")
        self._seq += 1
        message_id = f"{4000000000 + self._seq}-{self._seq}"
        self.accept({"id": message_id, **params})
        return Reply(200, {"response": {"id": message_id, "phone": params["send_to"], "details": "",
                                        "status": "success"}})

    @staticmethod
    def _error(details: str) -> Reply:
        return Reply(200, {"response": {"id": "", "phone": "", "details": details, "status": "error"}})


class FakePostmark(Vendor):
    """POST /email with X-Postmark-Server-Token."""

    def __init__(self, token="pm-token", senders=("care@medezy.in",), inactive=()) -> None:
        super().__init__()
        self.token, self.senders, self.inactive = token, senders, set(inactive)

    def __call__(self, seen) -> Reply:
        if seen.path != "/email" or seen.method != "POST":
            return Reply(404, {"ErrorCode": 404, "Message": "Not Found"})
        if seen.headers.get("X-Postmark-Server-Token") != self.token:
            return Reply(401, {"ErrorCode": 10, "Message": "No Account or Server API tokens were supplied."})
        body = seen.json()
        if not any(sender in body.get("From", "") for sender in self.senders):
            return Reply(422, {"ErrorCode": 400, "Message": "Sender signature not found"})
        if not body.get("To") or not (body.get("TextBody") or body.get("HtmlBody")):
            return Reply(422, {"ErrorCode": 300, "Message": "Invalid email request"})
        if body["To"] in self.inactive:
            return Reply(422, {"ErrorCode": 406, "Message": f"Found inactive addresses: {body['To']}. Inactive "
                                                            "recipients are ones that have generated a hard bounce"})
        for attachment in body.get("Attachments") or []:
            b64decode(attachment["Content"], validate=True)
        message_id = str(uuid.uuid4())
        self.accept({"id": message_id, **body})
        return Reply(200, {"To": body["To"], "SubmittedAt": "2026-12-01T10:00:00Z", "MessageID": message_id,
                           "ErrorCode": 0, "Message": "OK"})
