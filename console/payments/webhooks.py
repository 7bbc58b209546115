"""POST /webhooks/razorpay: verified over the raw body, de-duplicated, applied in one transaction."""
from __future__ import annotations

import logging

from flask import current_app, jsonify, request

from console.payments import blueprint
from core.payments import webhooks

log = logging.getLogger(__name__)
PATH = "/webhooks/razorpay"


@blueprint.post(PATH)
def razorpay_webhook():
    """200 once applied (or already applied); 400 for anything we refuse, with nothing changed."""
    container = current_app.extensions["medezy"]
    body = request.get_data(cache=False)  # the raw bytes: the signature covers them exactly
    try:
        with container.uow() as uow:
            outcome = webhooks.receive(uow.session, body=body, signature=request.headers.get("X-Razorpay-Signature"),
                                       event_id=request.headers.get("x-razorpay-event-id"),
                                       provider=container.adapters["payments"],
                                       finance=container.adapters["finance"])
            uow.commit()
    except webhooks.BadWebhook as error:
        log.warning("razorpay webhook refused: %s", error)
        return jsonify(error=str(error)), 400
    log.info("razorpay webhook: %s", outcome)
    return jsonify(status="ok", outcome=outcome)
