"""The WhatsApp webhook: signed Twilio form posts in, a job per message, rasa replies out, all logged."""
from __future__ import annotations

from sqlalchemy import func, select

from console.app import create_app
from console.gateway import signing
from console.gateway.turns import RASA_DOWN
from console.gateway.webhooks import INBOUND_PATH
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.conversations import identity
from core.conversations import log as conversation_log
from core.models import Author, Conversation, Direction, Document, Message, User
from tests.factories import Factories
from tests.gateway.conftest import PDF, PNG, PUBLIC, new_phone, post_signed, twilio_form


def _conversation(gateway, phone: str) -> tuple[Conversation, list[Message]]:
    """The conversation and its log, detached (readable after the unit of work is gone)."""
    with gateway.uow() as uow:
        conversation = uow.session.scalar(select(Conversation).where(Conversation.phone == phone))
        messages = conversation_log.history(uow.session, conversation.id)
        uow.session.expunge_all()
        return conversation, messages


def _count(gateway, sid: str) -> int:
    with gateway.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Message).where(Message.provider_sid == sid))


def test_answers_twilio_at_once_with_empty_twiml(client, gateway):
    response = post_signed(client, gateway.settings, twilio_form(new_phone(), "hi"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert b"<Response></Response>" in response.data


def test_bad_signature_is_refused_and_nothing_is_stored(client, gateway, rasa):
    form = twilio_form(new_phone(), "hi")
    response = post_signed(client, gateway.settings, form, signature="bm90IGEgc2lnbmF0dXJl")
    gateway.jobs.drain()
    assert response.status_code == 403
    assert _count(gateway, form["MessageSid"]) == 0
    assert rasa.turns == []


def test_missing_signature_is_refused(client, gateway):
    form = twilio_form(new_phone(), "hi")
    assert client.post("/webhooks/twilio/whatsapp", data=form).status_code == 403


def test_signature_over_a_tampered_body_is_refused(client, gateway):
    form = twilio_form(new_phone(), "cancel my booking")
    signature = signing.sign(gateway.settings, PUBLIC + INBOUND_PATH, form)
    form["Body"] = "refund me twice"
    assert post_signed(client, gateway.settings, form, signature=signature).status_code == 403


def test_repeated_message_sid_is_handled_once(client, gateway, rasa):
    form = twilio_form(new_phone(), "MRI knee in Pune")
    first = post_signed(client, gateway.settings, form)
    gateway.jobs.drain()
    again = post_signed(client, gateway.settings, form)
    gateway.jobs.drain()
    assert first.status_code == again.status_code == 200
    assert _count(gateway, form["MessageSid"]) == 1
    assert rasa.messages == ["MRI knee in Pune"]


def test_unknown_sender_becomes_a_patient(client, gateway):
    phone = new_phone()
    post_signed(client, gateway.settings, twilio_form(phone, "hello", name="Asha Rao"))
    gateway.jobs.drain()
    conversation, _ = _conversation(gateway, phone)
    with gateway.uow() as uow:
        user = uow.session.scalar(select(User).where(User.phone == phone))
        assert (user.name, user.role.value, user.profile.phone_verified) == ("Asha Rao", "patient", True)
        assert conversation.user_id == user.id


def test_text_goes_to_rasa_with_metadata_and_replies_are_sent_and_logged(client, gateway, rasa):
    rasa.answer = lambda turn: [{"recipient_id": turn["sender"], "text": "Which city?",
                                 "buttons": [{"title": "Pune", "payload": "/inform{\"city\":\"pune\"}"}]},
                                {"recipient_id": turn["sender"], "text": "Or type another city."}]
    phone = new_phone()
    post_signed(client, gateway.settings, twilio_form(phone, "MRI knee", name="Asha"))
    gateway.jobs.drain()
    conversation, messages = _conversation(gateway, phone)
    turn = rasa.turns[0]
    assert turn["sender"] == f"conv-{conversation.id}-0" and turn["token"] == "rasa-secret"
    vouched = identity.verified(identity.signing_key(gateway.settings.secret_key), sender=turn["sender"],
                                metadata=turn["metadata"], now=now_utc())
    assert {k: v for k, v in vouched.items() if k != identity.SIGNED_AT} == {
        "phone": phone, "user_id": conversation.user_id, "profile_name": "Asha",
        "conversation_id": conversation.id, "media": []}
    inbound, *replies = messages
    assert (inbound.direction, inbound.body, inbound.processed_at is not None) == (Direction.IN, "MRI knee", True)
    assert [(r.author, r.body, r.reply_to_id, r.status) for r in replies] == [
        (Author.BOT, "Which city?", inbound.id, "queued"), (Author.BOT, "Or type another city.", inbound.id, "queued")]
    assert replies[0].buttons == [{"title": "Pune", "payload": "/inform{\"city\":\"pune\"}"}]
    assert conversation.last_inbound_at == inbound.created_at


def test_media_only_message_is_stored_on_the_live_booking_and_acknowledged(client, gateway, rasa, media_host):
    phone = new_phone()
    booking_ref = _live_booking(gateway, phone)
    media_host.files["/rx.png"] = (PNG, "image/png")
    post_signed(client, gateway.settings, twilio_form(phone, media=[(media_host.url + "/rx.png", "image/png")]))
    gateway.jobs.drain()
    _, (inbound, ack) = _conversation(gateway, phone)
    assert rasa.turns == []  # nothing to say to the bot; the gateway acknowledges it itself
    assert ack.author is Author.SYSTEM and booking_ref in ack.body
    with gateway.uow() as uow:
        document = uow.session.get(Document, inbound.media[0]["document_id"])
        assert (document.kind.value, document.content_type, document.size_bytes) == ("prescription", "image/png", len(PNG))
        assert gateway.adapters["storage"].get(document.storage_key) == PNG


def test_caption_with_attachment_reaches_rasa_with_the_document(client, gateway, rasa, media_host):
    media_host.files["/rx.pdf"] = (PDF, "application/pdf")
    phone = new_phone()
    post_signed(client, gateway.settings,
                twilio_form(phone, "my prescription", media=[(media_host.url + "/rx.pdf", "application/pdf")]))
    gateway.jobs.drain()
    (media,) = rasa.turns[0]["metadata"]["media"]
    assert media["content_type"] == "application/pdf" and media["document_id"] and media["booking_id"] is None


def test_unsupported_attachment_gets_a_polite_refusal_not_a_crash(client, gateway, rasa, media_host):
    media_host.files["/voice.ogg"] = (b"OggS" + b"\x00" * 40, "audio/ogg")
    phone = new_phone()
    post_signed(client, gateway.settings, twilio_form(phone, media=[(media_host.url + "/voice.ogg", "audio/ogg")]))
    gateway.jobs.drain()
    _, (inbound, reply) = _conversation(gateway, phone)
    assert "PDF, JPEG or PNG" in reply.body and inbound.processed_at is not None
    assert "error" in inbound.media[0] and "document_id" not in inbound.media[0]


def test_rasa_down_gets_a_fallback_and_keeps_the_message(build_gateway):
    down = build_gateway(rasa_url="http://127.0.0.1:9")  # nothing listens on the discard port
    phone = new_phone()
    post_signed(create_app(down).test_client(), down.settings, twilio_form(phone, "hello?"))
    down.jobs.drain()
    _, (inbound, reply) = _conversation(down, phone)
    assert (reply.body, reply.author) == (RASA_DOWN, Author.SYSTEM)
    assert inbound.body == "hello?" and "rasa" in inbound.error


def test_status_callbacks_move_forward_only(client, gateway):
    phone = new_phone()
    post_signed(client, gateway.settings, twilio_form(phone, "hi"))
    gateway.jobs.drain()
    _, (_, reply) = _conversation(gateway, phone)
    for status in ("delivered", "sent", "read"):  # "sent" arrives late, after "delivered"
        form = {"MessageSid": reply.provider_sid, "MessageStatus": status}
        assert post_signed(client, gateway.settings, form, path="/webhooks/twilio/status").status_code == 204
    assert _status(gateway, reply.id) == "read"


def test_status_callback_needs_a_signature(client, gateway):
    form = {"MessageSid": "SMnothing", "MessageStatus": "failed"}
    assert post_signed(client, gateway.settings, form, path="/webhooks/twilio/status",
                       signature="forged").status_code == 403


def _status(gateway, message_id: int) -> str:
    with gateway.uow() as uow:
        return uow.session.get(Message, message_id).status


def _live_booking(gateway, phone: str) -> str:
    with gateway.uow() as uow:
        f = Factories(uow.session)
        patient = f.patient(phone=phone)
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=f.slot().id,
                                patient=bookings.PatientDetails(name="Asha Rao"))
        uow.commit()
        return booking.reference


def test_a_lost_queue_still_answers_twilio_and_keeps_the_message(client, gateway, monkeypatch):
    def queue_down(*args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(gateway.jobs, "enqueue", queue_down)
    form = twilio_form(new_phone(), "hi")
    assert post_signed(client, gateway.settings, form).status_code == 200
    assert _count(gateway, form["MessageSid"]) == 1  # redispatch_stalled picks it up later


def test_malformed_sender_is_a_bad_request_and_stores_nothing(client, gateway):
    form = {**twilio_form(new_phone(), "hi"), "From": "whatsapp:not-a-number"}
    assert post_signed(client, gateway.settings, form).status_code == 400
    assert _count(gateway, form["MessageSid"]) == 0
