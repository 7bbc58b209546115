"""Twilio's webhooks: inbound WhatsApp messages and delivery status callbacks."""
from __future__ import annotations

import logging
import re

from flask import Blueprint, Response, abort, current_app, request
from werkzeug.datastructures import MultiDict

from console.gateway import signing
from console.gateway.jobs import PROCESS_JOB
from console.notifications import callbacks as notification_callbacks
from core.conversations import log as conversation_log
from core.conversations.log import InboundMessage, Media
from core.errors import ValidationError
from core.models.notifications import Channel
from core.notify import consent
from core.patients import normalise_phone

log = logging.getLogger(__name__)
blueprint = Blueprint("gateway", __name__)
INBOUND_PATH = "/webhooks/twilio/whatsapp"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_MEDIA = 10  # Twilio sends at most ten attachments per message
_SID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # Twilio's are "SM" + 32 hex digits


@blueprint.post(INBOUND_PATH)
def inbound():
    """Verify, log once, answer Twilio at once; a job does the rest."""
    c = _verified_container()
    try:
        message = parse_inbound(request.form)
    except ValidationError as error:
        return Response(str(error), status=400, mimetype="text/plain")
    with c.uow() as uow:
        recorded = conversation_log.record_inbound(uow.session, message)
        conversation_id = recorded.message.conversation_id
        if not recorded.duplicate:  # STOP opts the patient out of WhatsApp notifications (core.notify.consent)
            consent.stop_if_asked(uow.session, phone=message.phone, text=message.body, channel=Channel.WHATSAPP)
        uow.commit()
    if recorded.duplicate:
        log.info("inbound %s is a repeat; ignored", message.provider_sid)
    else:
        _enqueue(c, conversation_id)
    return Response(EMPTY_TWIML, mimetype="text/xml")


@blueprint.post("/webhooks/twilio/status")
def status():
    """A delivery status callback for a message we sent."""
    c = _verified_container()
    sid, state = request.form.get("MessageSid", ""), _text(request.form, "MessageStatus")
    try:
        with c.uow() as uow:
            conversation_log.update_status(uow.session, provider_sid=_sid(sid), status=state,
                                           error_code=_text(request.form, "ErrorCode")[:40] or None)
            uow.commit()
        notification_callbacks.apply(c, _sid(sid), state, _text(request.form, "ErrorCode")[:40] or None)
    except ValidationError as error:
        log.warning("status callback for %r (status %r) ignored: %s", sid, state, error)
    return Response(status=204)


def parse_inbound(form: MultiDict) -> InboundMessage:
    """Twilio's form fields as an InboundMessage (ValidationError if they make no sense)."""
    count = min(_int(form.get("NumMedia", "0")), MAX_MEDIA)
    media = tuple(Media(url=_text(form, f"MediaUrl{i}"), content_type=_text(form, f"MediaContentType{i}"))
                  for i in range(count) if _text(form, f"MediaUrl{i}"))
    return InboundMessage(phone=normalise_phone(form.get("From", "")),
                          provider_sid=_sid(form.get("MessageSid") or form.get("SmsMessageSid") or ""),
                          body=_text(form, "Body"), media=media, profile_name=_text(form, "ProfileName") or None)


def _text(form: MultiDict, name: str) -> str:
    # Postgres text cannot hold a NUL byte; dropping it keeps the patient's message instead of a 500.
    return form.get(name, "").replace("\x00", "")


def _sid(raw: str) -> str:
    if not _SID.fullmatch(raw.strip()):
        raise ValidationError("the message id is missing or is not one a provider issues")
    return raw.strip()


def _enqueue(c, conversation_id: int) -> None:
    try:
        c.jobs.enqueue(PROCESS_JOB, conversation_id)
    except Exception:  # noqa: BLE001 - the message is logged; a 500 would only make Twilio resend a duplicate
        log.warning("could not enqueue conversation %s; the sweep will", conversation_id, exc_info=True)


def _verified_container():
    c = current_app.extensions["medezy"]
    if not signing.verified(c.settings, request):
        abort(403)
    return c


def _int(raw: str) -> int:
    try:
        return max(int(raw), 0)
    except ValueError:
        raise ValidationError("NumMedia is not a number") from None
