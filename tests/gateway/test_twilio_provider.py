"""The Twilio WhatsApp adapter, with the real SDK talking HTTP to a local fake of the Messages API."""
from __future__ import annotations

import base64
import json

import pytest

from core.errors import ValidationError
from core.messaging import Button, MessagingError, OutsideWindow
from adapters.twilio_whatsapp import TwilioWhatsApp
from notifications.templates import parse
from tests.fake_http import FakeServer, Reply

SID, TOKEN = "AC" + "a" * 32, "twilio-secret"
MESSAGES = f"/2010-04-01/Accounts/{SID}/Messages.json"


def _message_json(form: dict) -> dict:
    """The Message resource as Twilio returns it on create (the fields the docs list)."""
    return {"account_sid": SID, "api_version": "2010-04-01", "body": form.get("Body", [""])[0],
            "date_created": "Tue, 24 Nov 2026 09:00:00 +0000", "date_sent": None,
            "date_updated": "Tue, 24 Nov 2026 09:00:00 +0000", "direction": "outbound-api", "error_code": None,
            "error_message": None, "from": form["From"][0], "messaging_service_sid": None, "num_media": "0",
            "num_segments": "1", "price": None, "price_unit": "USD", "sid": "SM" + "b" * 32, "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{SID}/Messages/SM{'b' * 32}/Media.json"},
            "to": form["To"][0], "uri": f"/2010-04-01/Accounts/{SID}/Messages/SM{'b' * 32}.json"}


def _twilio(seen) -> Reply:
    if seen.path == "/media/rx.jpg":
        ok = seen.headers.get("Authorization") == _basic()
        return Reply(200, b"\xff\xd8\xff" + b"\x00" * 32, {"Content-Type": "image/jpeg"}) if ok else Reply(401)
    if seen.path != MESSAGES or seen.headers.get("Authorization") != _basic():
        return Reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
    form = seen.form()
    if form["To"][0] == "whatsapp:+919800000063":
        return Reply(400, {"code": 63016, "message": "Failed to send freeform message because you are outside "
                           "the allowed window.", "more_info": "https://www.twilio.com/docs/errors/63016",
                           "status": 400})
    return Reply(201, _message_json(form))


def _basic() -> str:
    return "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()


@pytest.fixture
def fake_twilio():
    with FakeServer(_twilio) as server:
        yield server


@pytest.fixture
def provider(fake_twilio) -> TwilioWhatsApp:
    return TwilioWhatsApp(account_sid=SID, auth_token=TOKEN, sender="+14155238886", base_url=fake_twilio.url,
                          status_callback="https://medezy.example/webhooks/twilio/status")


def test_send_text_posts_a_whatsapp_message_and_returns_its_sid(provider, fake_twilio):
    sid = provider.send_text("+919876543210", "Your slot is held.")
    form = fake_twilio.seen[-1].form()
    assert sid == "SM" + "b" * 32
    assert (form["From"], form["To"], form["Body"]) == (["whatsapp:+14155238886"], ["whatsapp:+919876543210"],
                                                        ["Your slot is held."])
    assert form["StatusCallback"] == ["https://medezy.example/webhooks/twilio/status"]


def test_buttons_become_a_numbered_menu(provider, fake_twilio):
    provider.send_text("+919876543210", "Pick a time:", [Button("10:30 AM", "/pick{\"n\":1}"),
                                                         Button("4:00 PM", "/pick{\"n\":2}")])
    assert fake_twilio.seen[-1].form()["Body"] == ["Pick a time:\n\n1. 10:30 AM\n2. 4:00 PM"]


def test_templates_go_by_content_sid_with_json_variables(provider, fake_twilio):
    provider.send_template("+919876543210", "HX" + "c" * 32, {"1": "MZ12345678", "2": "25 Dec, 04:30 PM"})
    form = fake_twilio.seen[-1].form()
    assert form["ContentSid"] == ["HX" + "c" * 32]
    assert json.loads(form["ContentVariables"][0]) == {"1": "MZ12345678", "2": "25 Dec, 04:30 PM"}
    assert "Body" not in form


def test_outside_window_error_is_its_own_domain_error(provider):
    with pytest.raises(OutsideWindow, match="63016"):
        provider.send_text("+919800000063", "hello again")


def test_wrong_credentials_are_a_messaging_error(fake_twilio):
    wrong = TwilioWhatsApp(account_sid=SID, auth_token="nope", sender="whatsapp:+14155238886",
                           base_url=fake_twilio.url)
    with pytest.raises(MessagingError, match="20003"):
        wrong.send_text("+919876543210", "hi")


def test_unreachable_twilio_is_a_messaging_error():
    offline = TwilioWhatsApp(account_sid=SID, auth_token=TOKEN, sender="+14155238886",
                             base_url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(MessagingError, match="could not be reached"):
        offline.send_text("+919876543210", "hi")


def test_media_download_uses_the_account_credentials(provider, fake_twilio):
    data, content_type = provider.fetch_media(fake_twilio.url + "/media/rx.jpg")
    assert data.startswith(b"\xff\xd8\xff") and content_type == "image/jpeg"


def test_media_larger_than_the_limit_is_refused_while_downloading(provider, fake_twilio):
    with pytest.raises(ValidationError, match="larger than"):
        provider.fetch_media(fake_twilio.url + "/media/rx.jpg", max_bytes=10)


def test_template_names_map_to_content_sids_with_numbered_variables(fake_twilio):
    templates = parse("booking_confirmed=HX" + "d" * 32 + ":ref,when; report_ready=HX" + "e" * 32 + ":ref,link")
    provider = TwilioWhatsApp(account_sid=SID, auth_token=TOKEN, sender="+14155238886", base_url=fake_twilio.url,
                              templates=templates)
    provider.send_template("+919876543210", "booking_confirmed", {"when": "25 Dec, 04:30 PM", "ref": "MZ12345678",
                                                                  "center": "ignored"})
    form = fake_twilio.seen[-1].form()
    assert form["ContentSid"] == ["HX" + "d" * 32]
    assert json.loads(form["ContentVariables"][0]) == {"1": "MZ12345678", "2": "25 Dec, 04:30 PM"}


def test_an_unmapped_template_is_a_clear_error_and_nothing_is_sent(provider, fake_twilio):
    before = len(fake_twilio.seen)
    with pytest.raises(MessagingError, match="no approved Content SID"):
        provider.send_template("+919876543210", "booking_confirmed", {"ref": "MZ12345678"})
    assert len(fake_twilio.seen) == before


def test_a_malformed_template_mapping_names_the_entry():
    with pytest.raises(ValidationError, match="booking_confirmed=XX1"):
        parse("booking_confirmed=XX1:ref")
