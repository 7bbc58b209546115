"""A patient on WhatsApp, as Twilio would deliver them: signed webhooks into our gateway, replies from the log."""
from __future__ import annotations

import uuid

from flask import Flask

from wiring.container import Container
from console.gateway import signing
from console.gateway.webhooks import INBOUND_PATH
from core.conversations import log as conversation_log

JOB_SECONDS = 60


class WhatsAppPatient:
    def __init__(self, app: Flask, container: Container, phone: str, name: str) -> None:
        self.client, self.container, self.phone, self.name = app.test_client(), container, phone, name

    def post(self, text: str) -> str:
        """Deliver one message the way Twilio does (signed form post); returns its MessageSid."""
        settings = self.container.settings
        fields = {"From": f"whatsapp:{self.phone}", "To": settings.twilio_whatsapp_from, "Body": text,
                  "MessageSid": "SM" + uuid.uuid4().hex, "NumMedia": "0", "ProfileName": self.name,
                  "WaId": self.phone.lstrip("+"), "AccountSid": "ACtest"}
        signature = signing.sign(settings, settings.public_base_url.rstrip("/") + INBOUND_PATH, fields)
        response = self.client.post(INBOUND_PATH, data=fields, headers={signing.HEADER: signature})
        if response.status_code != 200:
            raise AssertionError(f"the gateway answered {response.status_code}: {response.get_data(as_text=True)}")
        return fields["MessageSid"]

    def send(self, text: str) -> list[str]:
        """Post a message, let the gateway's job run (rasa, actions, provider) and return what we replied."""
        sid = self.post(text)
        self.container.jobs.drain(timeout=JOB_SECONDS)
        return self.replies(sid, text)

    def replies(self, sid: str, text: str = "") -> list[str]:
        """What we replied to the message with this MessageSid (which must have been handled)."""
        with self.container.uow() as uow:
            inbound = conversation_log.find_by_sid(uow.session, sid)
            if inbound is None or inbound.processed_at is None:
                raise AssertionError(f"message {text!r} was not handled")
            if inbound.error:
                raise AssertionError(f"message {text!r} failed: {inbound.error}")
            return [m.body for m in conversation_log.replies_to(uow.session, inbound.id)]
