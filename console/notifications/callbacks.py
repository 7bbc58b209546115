"""Delivery status callbacks from Gupshup (WhatsApp and SMS), Interakt and Postmark.

A callback that fails its check gets 403 and changes nothing; a well-formed callback about a
message we do not know is acknowledged (providers retry otherwise) and ignored.
"""
from __future__ import annotations

import json
import logging

from flask import Response, abort, current_app, request

from console.notifications import blueprint, verify
from core.errors import ValidationError
from core.models.notifications import Channel, NotificationState
from core.notify import consent, delivery
from core.patients import normalise_phone
from notifications import outgoing

log = logging.getLogger(__name__)
INTERAKT_STATUS = {"message_api_sent": "sent", "message_api_delivered": "delivered", "message_api_read": "read",
                   "message_api_failed": "failed"}
POSTMARK_STATUS = {"Delivery": "delivered", "Bounce": "failed", "Open": "read"}


@blueprint.post("/webhooks/notify/interakt")
def interakt():
    c = _container()
    if not verify.interakt(request, c.settings.interakt_webhook_secret):
        abort(403)
    body = _json(dict)
    status = INTERAKT_STATUS.get(body.get("type", ""))
    message = (body.get("data") or {}).get("message") or {}
    if status and message.get("id"):
        apply(c, message["id"], status, message.get("channel_failure_reason"))
    return Response(status=200)


@blueprint.post("/webhooks/notify/gupshup/<token>")
def gupshup(token: str):
    c = _container(token)
    body = _json(dict)
    if body.get("type") == "message-event":
        event = body.get("payload") or {}
        # sent/delivered/read carry WhatsApp's id in `id` and Gupshup's (the one we stored) in `gsId`.
        message_id = event.get("gsId") or event.get("id")
        reason = (event.get("payload") or {}).get("code")
        if message_id and event.get("type"):
            apply(c, message_id, event["type"], f"Gupshup error {reason}" if reason else None)
    return Response(status=200)


@blueprint.route("/webhooks/notify/gupshup-sms/<token>", methods=["GET", "POST"])
def gupshup_sms(token: str):
    """Delivery reports: one as GET query parameters, or up to 20 as a POSTed JSON array."""
    c = _container(token)
    events = _json(list) if request.method == "POST" else [request.args.to_dict()]
    for event in events:
        status = str(event.get("eventType") or event.get("status") or "").lower()
        if event.get("externalId") and status:
            cause = event.get("cause") or event.get("errCode")
            apply(c, str(event["externalId"]), status, None if status == "delivered" else f"SMS {cause}")
    return Response(status=200)


@blueprint.route("/webhooks/notify/gupshup-sms-inbound/<token>", methods=["GET", "POST"])
def gupshup_sms_inbound(token: str):
    """Gupshup's keyword response URL (msisdn, keyword, content): STOP opts the sender out of SMS."""
    c = _container(token)
    values = request.values
    msisdn = values.get("msisdn", "")
    try:  # Gupshup sends 10 digits or 91 and 10 digits, without the +
        phone = normalise_phone("+" + msisdn if len(msisdn) == 12 and msisdn.startswith("91") else msisdn)
    except ValidationError:
        return Response("msisdn is not a phone number", status=400, mimetype="text/plain")
    text = " ".join(filter(None, (values.get("keyword"), values.get("content"))))
    with c.uow() as uow:
        stopped = consent.stop_if_asked(uow.session, phone=phone, text=values.get("keyword") or text,
                                        channel=Channel.SMS)
        uow.commit()
    return Response("You will get no more SMS from MedEzy." if stopped else "", status=200, mimetype="text/plain")


@blueprint.post("/webhooks/notify/postmark")
def postmark():
    c = _container()
    if not verify.basic_auth(request, c.settings.notify_callback_token):
        abort(401)
    body = _json(dict)
    status = POSTMARK_STATUS.get(body.get("RecordType", ""))
    if status and body.get("MessageID"):
        apply(c, body["MessageID"], status, body.get("Description") if status == "failed" else None)
    return Response(status=200)


SES_STATUS = {"Delivery": "delivered", "Bounce": "failed", "Reject": "failed", "Rendering Failure": "failed",
              "Open": "read"}


@blueprint.post("/webhooks/notify/ses")
def ses():
    """SES events through SNS: the SNS signature is checked before anything is read."""
    c = _container()
    message = request.get_json(force=True, silent=True)  # SNS posts JSON as text/plain
    if not isinstance(message, dict):
        abort(400, "expected an SNS message")
    verifier = c.adapters["sns"]
    if not verifier.verified(message):
        abort(403)
    if message["Type"] == "SubscriptionConfirmation":
        verifier.confirm(message)
    elif message["Type"] == "Notification":
        _ses_event(c, message.get("Message", ""))
    return Response(status=200)


def _ses_event(c, raw: str) -> None:
    try:
        event = json.loads(raw)
    except ValueError:
        return
    status = SES_STATUS.get(event.get("eventType") or event.get("notificationType") or "")
    message_id = (event.get("mail") or {}).get("messageId")
    if status and message_id:
        bounce = (event.get("bounce") or {}).get("bounceType")
        apply(c, message_id, status, f"SES {event.get('eventType')} {bounce or ''}".strip() if status == "failed"
              else None)


def apply(c, provider_message_id: str, status: str, error: str | None) -> None:
    """Move the notification on; a WhatsApp message the provider failed is resent as an SMS."""
    try:
        with c.uow() as uow:
            row = delivery.apply_status(uow.session, provider_message_id=provider_message_id, status=status,
                                        error=error)
            if row is not None and row.state is NotificationState.FAILED:
                outgoing.sms_fallback(uow.session, c.settings, row)
            uow.commit()
    except ValidationError:
        log.info("status %r for %s ignored: not a delivery status we track", status, provider_message_id)


def _json(kind: type):
    body = request.get_json(silent=True)
    if not isinstance(body, kind):
        abort(400, "expected a JSON " + ("object" if kind is dict else "array"))
    return body


def _container(url_token: str | None = None):
    """The process container; for providers that sign nothing, only if the URL carries our token."""
    c = current_app.extensions["medezy"]
    if url_token is not None and not verify.url_token(url_token, c.settings.notify_callback_token):
        abort(403)
    return c
