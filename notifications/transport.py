"""From a notification row to a provider call: what to send (read in the attempt's transaction), then how.

The WhatsApp provider is the container's "messaging" adapter (Twilio, Gupshup, Interakt or the
sandbox), SMS the "sms" adapter, email the "email" adapter.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.conversations import log
from core.messaging import within_window
from core.models.conversations import Author, Message
from core.models.invoices import Invoice
from core.models.notifications import Channel, Notification
from core.notify.channels import Attachment, DltTemplate, checked_dlt
from core.payments.invoice_pdf import render_invoice
from notifications import registry


@dataclass(frozen=True)
class Prepared:
    """Everything the provider call needs, so no database session is open while it runs."""

    id: int
    channel: Channel
    address: str
    body: str
    subject: str | None = None
    template: str | None = None  # WhatsApp outside the 24-hour window: the approved template
    template_variables: dict = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    conversation_message_id: int | None = None

    @property
    def reference(self) -> str:
        return f"medezy-n{self.id}"  # echoed by providers that carry one (callbackData, Metadata, tags)


def prepare(session: Session, row: Notification) -> Prepared:
    if row.channel is Channel.WHATSAPP:
        return _whatsapp(session, row)
    attachments = tuple(_attachment(session, a) for a in row.attachments)
    return Prepared(id=row.id, channel=row.channel, address=row.address, body=row.body, subject=row.subject,
                    template=row.template, attachments=attachments,
                    conversation_message_id=row.conversation_message_id)


def _whatsapp(session: Session, row: Notification) -> Prepared:
    conversation = log.get_or_create(session, phone=row.address)
    spec = registry.trigger(row.trigger)
    if within_window(conversation.last_inbound_at, now_utc()):
        template, variables, logged = None, {}, row.body
    else:  # outside the window WhatsApp accepts only the approved template
        variables = {name: str(row.variables.get(name, "")) for name in spec.template_vars}
        template = row.template
        logged = f"[template {row.trigger}] {json.dumps(variables, ensure_ascii=False, sort_keys=True)}"
    if row.conversation_message_id is None:  # manual messages were logged, with their author, when written
        # Logged in the conversation now, so support agents see what is on its way.
        message = log.record_outbound(session, conversation=conversation, body=logged, author=Author.SYSTEM,
                                      status="sending")
        session.flush()
        row.conversation_message_id = message.id
    return Prepared(id=row.id, channel=row.channel, address=row.address, body=row.body, template=template,
                    template_variables=variables, conversation_message_id=row.conversation_message_id)


def _attachment(session: Session, spec: dict) -> Attachment:
    if spec.get("kind") == "invoice":
        invoice = session.get(Invoice, spec["id"])
        # GST numbers carry a slash (MZ25-26/000123); file names may not.
        return Attachment(f"{invoice.number.replace('/', '-')}.pdf", "application/pdf", render_invoice(invoice))
    raise ValueError(f"unknown attachment kind {spec.get('kind')!r}")


def deliver(c, prepared: Prepared) -> tuple[str, str]:
    """Call the channel's provider; returns (provider name, provider message id) or raises MessagingError."""
    if prepared.channel is Channel.WHATSAPP:
        return _send_whatsapp(c.adapters["messaging"], prepared)
    if prepared.channel is Channel.SMS:
        sender = c.adapters["sms"]
        entity_id, header = dlt_identity(c.settings)
        dlt = checked_dlt(registered_dlt(c.settings), prepared.template or "", prepared.body,
                          entity_id=entity_id, header=header)
        return sender.name, sender.send_sms(prepared.address, prepared.body, dlt=dlt, reference=prepared.reference)
    sender = c.adapters["email"]
    return sender.name, sender.send_email(prepared.address, prepared.subject or "MedEzy", prepared.body,
                                          attachments=prepared.attachments, reference=prepared.reference)


def _send_whatsapp(messaging, prepared: Prepared) -> tuple[str, str]:
    name = getattr(messaging, "name", type(messaging).__name__.lower())
    if prepared.template:
        return name, messaging.send_template(prepared.address, prepared.template, prepared.template_variables)
    return name, messaging.send_text(prepared.address, prepared.body)


def log_outcome(session: Session, prepared: Prepared, *, provider_message_id: str | None, error: str | None) -> None:
    """The conversation log's copy of a WhatsApp notification gets the provider's answer too."""
    if prepared.conversation_message_id is None:
        return
    session.execute(update(Message).where(Message.id == prepared.conversation_message_id).values(
        provider_sid=provider_message_id, status="failed" if error else "queued", error=error[:300] if error else None))


def dlt_identity(settings) -> tuple[str, str]:
    """(principal entity id, sender header); the sandbox has its own so the demo needs no DLT account."""
    if settings.sms_provider == "sandbox":
        return settings.sms_dlt_entity_id or "SANDBOX", settings.sms_dlt_header or "MEDEZY"
    return settings.sms_dlt_entity_id, settings.sms_dlt_header


def registered_dlt(settings) -> dict[str, DltTemplate]:
    """The DLT templates we registered: their ids from settings, their texts from the registry.

    In the sandbox every registry SMS counts as registered (ids SANDBOX-...), so the demo exercises the
    same text check production does.
    """
    ids = dict(entry.split("=", 1) for entry in filter(None, settings.sms_dlt_template_ids.split(";")))
    if not ids and settings.sms_provider == "sandbox":
        ids = {_key(name, lang): f"SANDBOX-{_key(name, lang)}" for name in registry.TRIGGERS
               for lang in registry.LANGUAGES if _has_sms(name)}
    return {key.strip(): DltTemplate(template_id.strip(), registry.dlt_text(*_split(key.strip())))
            for key, template_id in ids.items()}


def _key(name: str, language: str) -> str:
    return registry.dlt_key(name, language)


def _split(key: str) -> tuple[str, str]:
    name, _, language = key.partition(".")
    return name, language or "en"


def _has_sms(name: str) -> bool:
    try:
        registry.dlt_text(name, "en")
        return True
    except KeyError:
        return False
