"""Twilio's WhatsApp webhooks under hostile or broken input: signed garbage gets 4xx, never 500, and a
real message with odd characters (a NUL byte in its body or profile name) is still recorded."""
import uuid

from hypothesis import given, strategies as st
from sqlalchemy import select

from tests.hypothesis_profile import hostile_text

from core.models.conversations import Conversation, Message
from tests.gateway.conftest import new_phone, post_signed, twilio_form

anything = hostile_text()
header_value = st.text(st.characters(exclude_characters="\r\n"), max_size=100)  # what HTTP can carry
fields = st.sampled_from(["From", "To", "Body", "MessageSid", "NumMedia", "ProfileName", "MediaUrl0",
                          "MediaContentType0", "WaId", "SmsMessageSid", "MessageStatus", "ErrorCode"])


@given(body=anything, name=anything)
def test_any_body_and_profile_name_is_recorded(client, gateway, body, name):
    sid = "SM" + uuid.uuid4().hex
    response = post_signed(client, gateway.settings, twilio_form(new_phone(), body, sid=sid, name=name))
    assert response.status_code == 200
    with gateway.uow() as uow:
        message = uow.session.scalar(select(Message).where(Message.provider_sid == sid))
        conversation = uow.session.get(Conversation, message.conversation_id)
        assert message.body == body.replace("\x00", "")[:len(message.body)]
        assert "\x00" not in (conversation.profile_name or "")


@given(overrides=st.dictionaries(fields, anything, max_size=6))
def test_any_signed_inbound_form_gets_an_answer_below_500(client, gateway, overrides):
    form = {**twilio_form(new_phone(), "hello"), **overrides}
    assert post_signed(client, gateway.settings, form).status_code < 500


@given(overrides=st.dictionaries(fields, anything, max_size=4))
def test_any_signed_status_callback_gets_an_answer_below_500(client, gateway, overrides):
    form = {"MessageSid": "SM" + uuid.uuid4().hex, "MessageStatus": "delivered", **overrides}
    assert post_signed(client, gateway.settings, form, path="/webhooks/twilio/status").status_code < 500


@given(signature=header_value)
def test_any_signature_header_is_refused_not_crashed_on(client, gateway, signature):
    form = twilio_form(new_phone(), "hello")
    assert post_signed(client, gateway.settings, form, signature=signature).status_code == 403


json_value = st.recursive(st.none() | st.booleans() | st.integers() | anything,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(anything, inner, max_size=3),
                          max_leaves=6)


@given(payload=st.fixed_dictionaries({}, optional={"phone": json_value | st.just("+919800000001"),
                                                   "text": json_value, "name": json_value}))
def test_the_sandbox_chat_api_answers_any_json_below_500(client, payload):
    response = client.post("/sandbox/chat/api", json={**payload, "wait": 0})
    assert response.status_code < 500


@given(args=st.dictionaries(st.sampled_from(["phone", "after"]), anything, max_size=2))
def test_the_sandbox_transcript_answers_any_query_below_500(client, args):
    assert client.get("/sandbox/chat/api", query_string=args).status_code < 500
