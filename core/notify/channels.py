"""The channel interfaces a notification is sent through (WhatsApp is core.messaging's provider)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from core.messaging import MessagingError


class SendFailed(MessagingError):
    """A provider refused a message. `retryable` ones (timeouts, 429, 5xx) are tried again later."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class UnregisteredTemplate(SendFailed):
    """SMS text that matches no DLT-registered template: operators would drop it, so we never send it."""


_PARTS = re.compile(r"(\{#var#\}|\{#url#\})")
_VARIABLES = {"{#var#}": r"[^\n]{1,30}", "{#url#}": r"https?://\S{1,200}"}


@dataclass(frozen=True)
class DltTemplate:
    """A content template registered on an operator's DLT portal; variables are {#var#} or {#url#}."""

    template_id: str
    text: str

    def matches(self, message: str) -> bool:
        # DLT variables are short (30 characters is the common operator limit) and single-line;
        # URL variables hold one whitelisted link, no spaces.
        pattern = "".join(_VARIABLES.get(part, re.escape(part)) for part in _PARTS.split(self.text))
        return re.fullmatch(pattern, message) is not None


@dataclass(frozen=True)
class Dlt:
    """What every Indian SMS carries: the principal entity, the sender header and the template."""

    entity_id: str
    header: str
    template: DltTemplate


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


class SmsSender(Protocol):
    name: str

    def send_sms(self, to: str, text: str, *, dlt: Dlt, reference: str) -> str:
        """Send one SMS to an E.164 number; returns the provider's message id."""


class EmailSender(Protocol):
    name: str

    def send_email(self, to: str, subject: str, text: str, *, attachments: tuple[Attachment, ...] = (),
                   reference: str) -> str:
        """Send one email; returns the provider's message id."""


def checked_dlt(registered: dict[str, DltTemplate], key: str, text: str, *, entity_id: str,
                header: str) -> Dlt:
    """The DLT data for an SMS, or UnregisteredTemplate before anything is sent."""
    template = registered.get(key)
    if template is None or not template.template_id:
        raise UnregisteredTemplate(f"SMS template {key!r} has no DLT template id registered")
    if not template.matches(text):
        raise UnregisteredTemplate(f"SMS text does not match DLT template {template.template_id} ({key})")
    if not entity_id or not header:
        raise UnregisteredTemplate("DLT principal entity id and sender header must be configured")
    return Dlt(entity_id=entity_id, header=header, template=template)
