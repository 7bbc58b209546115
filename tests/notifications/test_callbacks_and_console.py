"""Provider callbacks move notifications on (after their checks); STOP opts out; manual messages; outbox."""
from __future__ import annotations

import hashlib
import hmac
import json
from base64 import b64encode

import pytest

from console.app import create_app
from console.gateway import signing
from core.actors import Actor
from core.errors import Forbidden
from core.models import Booking, Role
from core.models.conversations import Message
from core.models.notifications import Channel, ConsentEntry, NotificationState as S
from core.notify import consent, manual
from tests.factories import Factories
from tests.gateway.conftest import twilio_form
from tests.notifications.conftest import deliver, paid_booking, rows


@pytest.fixture
def client(c):
    return create_app(c).test_client()


def _sent_row(c, booking):
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    return row


def _interakt(client, body: dict, secret="ik-secret"):
    raw = json.dumps(body).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post("/webhooks/notify/interakt", data=raw, content_type="application/json",
                       headers={"Interakt-Signature": signature})


def test_a_signed_interakt_callback_marks_the_message_read(c, client):
    row = _sent_row(c, paid_booking(c))
    response = _interakt(client, {"type": "message_api_read", "data": {"message": {"id": row.provider_message_id}}})
    assert response.status_code == 200 and rows(c, id=row.id)[0].state is S.READ


def test_a_badly_signed_interakt_callback_is_refused_and_changes_nothing(c, client):
    row = _sent_row(c, paid_booking(c))
    response = _interakt(client, {"type": "message_api_read", "data": {"message": {"id": row.provider_message_id}}},
                         secret="wrong")
    assert response.status_code == 403 and rows(c, id=row.id)[0].state is S.SENT


def test_a_late_delivered_never_undoes_read(c, client):
    row = _sent_row(c, paid_booking(c))
    _gupshup(client, "read", row.provider_message_id)
    _gupshup(client, "delivered", row.provider_message_id)
    assert rows(c, id=row.id)[0].state is S.READ


def test_a_gupshup_callback_with_the_wrong_token_is_refused(c, client):
    row = _sent_row(c, paid_booking(c))
    assert _gupshup(client, "read", row.provider_message_id, token="guess").status_code == 403
    assert rows(c, id=row.id)[0].state is S.SENT


def test_a_whatsapp_failure_reported_later_falls_back_to_sms(c, client):
    booking = paid_booking(c)
    row = _sent_row(c, booking)
    _gupshup(client, "failed", row.provider_message_id, code=1002)
    c.jobs.drain()
    whatsapp, sms = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert whatsapp.state is S.FAILED and "1002" in whatsapp.error
    assert sms.channel is Channel.SMS and sms.state is S.SENT


def test_postmark_callbacks_need_the_basic_auth_credentials(c, client):
    booking = paid_booking(c, email=True)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    email = rows(c, trigger="booking_confirmed", booking_id=booking.id, channel=Channel.EMAIL)[0]
    body = {"RecordType": "Delivery", "MessageID": email.provider_message_id, "Recipient": email.address}
    assert client.post("/webhooks/notify/postmark", json=body).status_code == 401
    auth = {"Authorization": "Basic " + b64encode(b"postmark:cb-token").decode()}
    assert client.post("/webhooks/notify/postmark", json=body, headers=auth).status_code == 200
    assert rows(c, id=email.id)[0].state is S.DELIVERED


def test_a_twilio_status_callback_updates_the_notification(c, client):
    row = _sent_row(c, paid_booking(c))
    form = {"MessageSid": row.provider_message_id, "MessageStatus": "delivered"}
    url = "https://medezy.example/webhooks/twilio/status"
    response = client.post("/webhooks/twilio/status", data=form,
                           headers={"X-Twilio-Signature": signing.sign(c.settings, url, form)})
    assert response.status_code == 204 and rows(c, id=row.id)[0].state is S.DELIVERED


def test_stop_on_whatsapp_opts_the_patient_out(c, client):
    booking = paid_booking(c)
    with c.session_factory() as session:
        phone = session.get(Booking, booking.id).user.phone
    form = twilio_form(phone, "STOP")
    url = "https://medezy.example/webhooks/twilio/whatsapp"
    client.post("/webhooks/twilio/whatsapp", data=form, headers={"X-Twilio-Signature": signing.sign(c.settings, url, form)})
    with c.session_factory() as session:
        assert not consent.allows(session, user_id=booking.user_id, channel=Channel.WHATSAPP, category=consent.Category.UTILITY)
        [entry, *_] = session.query(ConsentEntry).filter_by(user_id=booking.user_id).all()
        assert entry.source == "whatsapp STOP" and "STOP" in entry.purpose


def test_stop_by_sms_opts_the_patient_out_of_sms(c, client):
    booking = paid_booking(c)
    with c.session_factory() as session:
        phone = session.get(Booking, booking.id).user.phone
    response = client.get(f"/webhooks/notify/gupshup-sms-inbound/cb-token?msisdn={phone.lstrip('+')}&keyword=STOP")
    assert response.status_code == 200
    with c.session_factory() as session:
        assert not consent.allows(session, user_id=booking.user_id, channel=Channel.SMS, category=consent.Category.UTILITY)
        assert consent.allows(session, user_id=booking.user_id, channel=Channel.WHATSAPP, category=consent.Category.UTILITY)


def test_support_messages_a_patient_and_it_lands_in_the_conversation_log(c):
    booking = paid_booking(c)
    with c.uow() as uow:
        agent = Factories(uow.session).staff(Role.SUPPORT_AGENT)
        row = manual.send(uow.session, actor=Actor.of(agent), channel=Channel.WHATSAPP, text="Your report is delayed",
                          booking_id=booking.id, request_id="form-1")
        uow.commit()
    c.jobs.drain()
    [sent] = rows(c, id=row.id)
    with c.session_factory() as session:
        logged = session.get(Message, sent.conversation_message_id)
        assert logged.body == "Your report is delayed" and logged.agent_id == agent.id and logged.status == "queued"
    assert sent.state is S.SENT


def test_a_double_submitted_manual_message_is_sent_once(c):
    from core.errors import ValidationError
    booking = paid_booking(c)
    with c.uow() as uow:
        manual.send(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), channel=Channel.SMS, text="On time",
                    booking_id=booking.id, request_id="form-2")
        uow.commit()
    with c.uow() as uow, pytest.raises(ValidationError, match="already sent"):
        manual.send(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), channel=Channel.SMS, text="On time",
                    booking_id=booking.id, request_id="form-2")


def test_a_partner_cannot_message_another_centers_patient(c):
    booking = paid_booking(c)
    with c.uow() as uow:
        other = Factories(uow.session).staff(Role.PARTNER_STAFF, center=Factories(uow.session).center())
        with pytest.raises(Forbidden):
            manual.send(uow.session, actor=Actor.of(other), channel=Channel.WHATSAPP, text="Hi", booking_id=booking.id)


def test_a_partner_messages_the_patient_of_its_own_booking(c):
    booking = paid_booking(c)
    with c.uow() as uow:
        center = uow.session.get(Booking, booking.id).center
        partner = Factories(uow.session).staff(Role.PARTNER_STAFF, center=center)
        row = manual.send(uow.session, actor=Actor.of(partner), channel=Channel.WHATSAPP, text="Please come 15 min early",
                          booking_id=booking.id)
        uow.commit()
    assert row.user_id == booking.user_id


def test_the_sandbox_outbox_shows_every_channel(c, client):
    booking = paid_booking(c, email=True)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    email = rows(c, booking_id=booking.id, channel=Channel.EMAIL)[0]
    page = client.get("/sandbox/outbox").get_data(as_text=True)
    assert booking.reference in page and "whatsapp" in page and email.address in page
    only_email = client.get("/sandbox/outbox?channel=email").get_data(as_text=True)
    assert email.address in only_email and ">whatsapp<" not in only_email


def _gupshup(client, status: str, message_id: str, token="cb-token", code=None):
    payload = {"id": message_id, "type": status, "destination": "919800000000", "payload": {"ts": 1764600000}}
    if code:
        payload["payload"] = {"code": code}
    return client.post(f"/webhooks/notify/gupshup/{token}",
                       json={"app": "medezy", "timestamp": 1764600000000, "version": 2, "type": "message-event",
                             "payload": payload})
