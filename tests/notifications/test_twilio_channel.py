"""Notifications through Twilio WhatsApp: the real SDK against a local fake of the Messages API."""
from __future__ import annotations

import base64
import json
import uuid

import pytest

from core.models.notifications import NotificationState as S
from tests.fake_http import FakeServer, Reply
from tests.notifications.conftest import deliver, paid_booking, rows

SID, TOKEN = "AC" + "c" * 32, "twilio-secret"
CONFIRMED = "HX" + "d" * 32


def _twilio(seen) -> Reply:
    basic = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    if seen.path != f"/2010-04-01/Accounts/{SID}/Messages.json" or seen.headers.get("Authorization") != basic:
        return Reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
    form = {k: v[0] for k, v in seen.form().items()}
    if "ContentVariables" in form and "ContentSid" not in form:
        return Reply(400, {"code": 21654, "message": "ContentSid Required", "status": 400})
    return Reply(201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued", "account_sid": SID, "to": form["To"],
                       "from": form["From"], "body": form.get("Body", ""), "num_segments": "1",
                       "direction": "outbound-api", "api_version": "2010-04-01"})


@pytest.fixture
def twilio():
    with FakeServer(_twilio) as server:
        yield server


@pytest.fixture
def c(build, twilio):
    return build(messaging_provider="twilio", twilio_account_sid=SID, twilio_auth_token=TOKEN,
                 twilio_base_url=twilio.url, twilio_whatsapp_from="whatsapp:+14155238886",
                 twilio_content_sids=f"booking_confirmed={CONFIRMED}:ref,when,center,address")


def test_inside_the_window_the_text_goes_as_a_body(c, twilio):
    booking = paid_booking(c)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    form = twilio.seen[-1].form()
    assert row.state is S.SENT and row.provider_message_id.startswith("SM")
    assert booking.reference in form["Body"][0] and form["To"][0].startswith("whatsapp:+91")


def test_outside_the_window_the_approved_template_goes_with_numbered_variables(c, twilio):
    booking = paid_booking(c, chatted=False)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    form = twilio.seen[-1].form()
    assert form["ContentSid"] == [CONFIRMED] and "Body" not in form
    variables = json.loads(form["ContentVariables"][0])
    assert variables["1"] == booking.reference and set(variables) == {"1", "2", "3", "4"}
