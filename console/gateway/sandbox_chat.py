"""Sandbox chat (development only): be a patient on WhatsApp without WhatsApp.

Messages take the real path: Twilio-shaped form fields, signed with the configured auth token,
posted to the same webhook route, handled by the same job. Enabled only with the sandbox provider.
"""
from __future__ import annotations

import time
import uuid

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from sqlalchemy import select

from console.gateway import signing
from console.gateway.webhooks import INBOUND_PATH
from core.conversations import log as conversation_log
from core.errors import ValidationError
from core.models.conversations import Conversation, Message
from core.patients import normalise_phone

blueprint = Blueprint("sandbox_chat", __name__, template_folder="templates")
WAIT_SECONDS = 20
_POLL_SECONDS = 0.1


@blueprint.before_request
def sandbox_only():
    if current_app.extensions["medezy"].settings.messaging_provider != "sandbox":
        abort(404)


@blueprint.get("/sandbox/chat")
def page():
    return render_template("gateway/sandbox_chat.html")


@blueprint.post("/sandbox/chat/api")
def send():
    """{phone, text[, name]} -> the bot's replies, once the job has handled the message (or timed out)."""
    c = current_app.extensions["medezy"]
    payload = request.get_json(silent=True) or {}
    phone, text = normalise_phone(str(payload.get("phone", ""))), str(payload.get("text", "")).strip()
    if not text:
        raise ValidationError("Type a message to send.")
    fields = _twilio_fields(c.settings, phone, text, str(payload.get("name") or "Sandbox Patient"))
    response = _post_signed(c.settings, fields)
    if response.status_code != 200:
        return jsonify(error=f"the webhook answered {response.status_code}"), 502
    replies = _wait_for_replies(c, fields["MessageSid"], _seconds(payload.get("wait", WAIT_SECONDS)))
    return jsonify(message_sid=fields["MessageSid"], pending=replies is None, replies=replies or [])


@blueprint.get("/sandbox/chat/api")
def transcript():
    """The whole conversation of ?phone= (add ?after=<id> to poll for new messages)."""
    c = current_app.extensions["medezy"]
    phone = normalise_phone(request.args.get("phone", ""))
    with c.uow() as uow:
        conversation = uow.session.scalar(select(Conversation).where(Conversation.phone == phone))
        messages = conversation_log.history(uow.session, conversation.id,
                                            after_id=request.args.get("after", 0, type=int)) if conversation else []
        return jsonify(phone=phone, state=conversation.state.value if conversation else "bot",
                       messages=[_as_json(m) for m in messages])


def _twilio_fields(settings, phone: str, text: str, name: str) -> dict[str, str]:
    return {"From": f"whatsapp:{phone}", "To": settings.twilio_whatsapp_from, "Body": text,
            "MessageSid": "SM" + uuid.uuid4().hex, "NumMedia": "0", "ProfileName": name,
            "WaId": phone.lstrip("+"), "AccountSid": settings.twilio_account_sid or "ACsandbox"}


def _post_signed(settings, fields: dict[str, str]):
    signature = signing.sign(settings, settings.public_base_url.rstrip("/") + INBOUND_PATH, fields)
    # An in-process WSGI call through the real route: same signature check and parsing, no self-HTTP.
    with current_app.test_client() as client:
        return client.post(INBOUND_PATH, data=fields, headers={signing.HEADER: signature})


def _seconds(raw: object) -> float:
    try:
        return min(max(float(raw), 0.0), 60.0)
    except (TypeError, ValueError):
        raise ValidationError("wait must be a number of seconds (0 to 60).") from None


def _wait_for_replies(c, sid: str, wait: float) -> list[dict] | None:
    """The replies once the job has handled the message; None if it is still pending at the deadline."""
    deadline = time.monotonic() + wait
    while True:
        with c.uow() as uow:
            message = conversation_log.find_by_sid(uow.session, sid)
            if message is not None and message.processed_at is not None:
                return [_as_json(m) for m in conversation_log.replies_to(uow.session, message.id)]
        if time.monotonic() >= deadline:
            return None
        time.sleep(_POLL_SECONDS)


def _as_json(message: Message) -> dict:
    return {"id": message.id, "direction": message.direction.value, "author": message.author.value,
            "body": message.body, "buttons": message.buttons or [], "status": message.status,
            "error": message.error, "media": message.media, "at": message.created_at.isoformat()}
