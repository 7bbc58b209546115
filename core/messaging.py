"""The outbound messaging interface (WhatsApp through Twilio, the sandbox outbox...) and WhatsApp's rules.

Adapters live in notifications.providers and are chosen by configuration in the composition root;
core talks only to this protocol.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from core.documents import MAX_BYTES as MAX_MEDIA_BYTES
from core.errors import DomainError

# WhatsApp's customer-care window: free-form text is allowed only within 24 hours of the patient's
# last message; after that only pre-approved templates get through (Twilio error 63016).
CUSTOMER_CARE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Button:
    """A quick reply offered with a text; on plain WhatsApp it is shown as a numbered option."""

    title: str
    payload: str


class MessagingError(DomainError):
    """The provider refused or could not take a message."""


class OutsideWindow(MessagingError):
    """Free-form text to a patient who has not written in 24 hours: use an approved template."""


class MessagingProvider(Protocol):
    def send_text(self, to: str, body: str, buttons: list[Button] | None = None) -> str:
        """Send a free-form message to an E.164 number; returns the provider's message id."""

    def send_template(self, to: str, template: str, variables: dict[str, str]) -> str:
        """Send an approved template (any time); returns the provider's message id."""

    def fetch_media(self, url: str, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        """Download an inbound attachment; returns (data, content type)."""


def within_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    """Whether free-form text may be sent to someone who last wrote at `last_inbound_at`."""
    return last_inbound_at is not None and now - last_inbound_at < CUSTOMER_CARE_WINDOW


def numbered(body: str, buttons: list[Button] | None) -> str:
    """The text with its buttons as a numbered menu ('1. Yes'), for channels without buttons."""
    if not buttons:
        return body
    options = "\n".join(f"{i}. {b.title}" for i, b in enumerate(buttons, start=1))
    return f"{body}\n\n{options}" if body else options
