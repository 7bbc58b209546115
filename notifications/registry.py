"""The one registry: each trigger, its category, urgency and channels, and its texts per language.

Texts live in notifications.texts.<language>; a text missing in Hindi or Hinglish falls back to
English, an email body falls back to the WhatsApp text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.models.notifications import Category, Channel
from notifications.texts import en, hi, hinglish

W, S, E = Channel.WHATSAPP, Channel.SMS, Channel.EMAIL
URL_VARS = frozenset({"link", "map"})
LANGUAGES = {"en": en.TEXTS, "hi": hi.TEXTS, "hinglish": hinglish.TEXTS}


@dataclass(frozen=True)
class Trigger:
    channels: tuple[Channel, ...] = (W,)
    urgent: bool = False  # urgent messages ignore quiet hours (the patient is waiting for them)
    category: Category = Category.UTILITY
    sms_fallback: bool = True  # a failed WhatsApp message is retried as an SMS
    # Variables of the approved WhatsApp template used outside the 24-hour window, in our names.
    template_vars: tuple[str, ...] = ("ref",)


TRIGGERS: dict[str, Trigger] = {
    "payment_retry": Trigger(urgent=True, template_vars=("ref", "link")),
    "booking_paid": Trigger((W, E), urgent=True, template_vars=("ref", "center")),
    "booking_confirmed": Trigger((W, E), urgent=True, template_vars=("ref", "when", "center", "address")),
    "booking_rescheduled": Trigger((W, E), urgent=True, template_vars=("ref", "when", "center")),
    "booking_cancelled": Trigger((W, E), urgent=True, template_vars=("ref", "when", "refund")),
    "report_ready": Trigger((W, E), template_vars=("ref", "link")),
    "refund_issued": Trigger((W, E), template_vars=("ref", "amount")),
    "refund_approved": Trigger((W, E), template_vars=("ref", "amount")),
    "refund_rejected": Trigger((W, E), template_vars=("ref", "amount", "reason")),
    "invoice": Trigger((E, W), sms_fallback=False, template_vars=("ref", "number", "link")),
    "reminder_24h": Trigger(template_vars=("ref", "when", "center")),
    "reminder_2h": Trigger(urgent=True, template_vars=("ref", "when", "center")),
    "prep_reminder": Trigger(template_vars=("ref", "when", "prep")),
    "ticket_update": Trigger((W, E), sms_fallback=False, template_vars=("ticket", "status")),
    "nps_request": Trigger(sms_fallback=False, template_vars=("ref", "service")),
    "center_new_booking": Trigger((E, S), urgent=True),
    "center_unconfirmed": Trigger((E, S), urgent=True),
    "manual": Trigger((W, S, E), urgent=True, template_vars=("text",)),
    # Marketing broadcasts (core.marketing.campaigns): the approved template's own text, no variables, never
    # re-sent as SMS (DLT promotional routes differ); consent and the weekly cap are checked when queued.
    "campaign": Trigger(category=Category.MARKETING, sms_fallback=False, template_vars=()),
    "waitlist_slot_open": Trigger(template_vars=("service", "city", "when", "center")),
}


@dataclass(frozen=True)
class Rendered:
    body: str
    subject: str | None = None


def trigger(name: str) -> Trigger:
    return TRIGGERS[name]


def render(name: str, channel: Channel, language: str, variables: dict[str, str]) -> Rendered:
    """The text of one trigger on one channel in one language (English where a text is missing)."""
    body = _format(_text(name, channel, language), variables)
    subject = _format(_text(name, "subject", language), variables) if channel is E else None
    return Rendered(body=body, subject=subject)


def dlt_text(name: str, language: str) -> str:
    """The SMS text as registered on DLT: links written {#url#} (whitelisted), other placeholders {#var#}."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: "{#url#}" if m.group(1) in URL_VARS else "{#var#}",
                  _text(name, S, language))


def dlt_key(name: str, language: str) -> str:
    return name if _own_text(name, S, language) is None or language == "en" else f"{name}.{language}"


def template_name(name: str, language: str) -> str:
    """The approved WhatsApp template: one per trigger and language (booking_confirmed_hi)."""
    return name if language == "en" else f"{name}_{language}"


def _text(name: str, channel: Channel | str, language: str) -> str:
    key = channel.value if isinstance(channel, Channel) else channel
    found = _own_text(name, key, language) or en.TEXTS[name].get(key)
    if found is None and key == "email":
        return _text(name, W, language)
    if found is None:
        raise KeyError(f"no {key} text for {name!r}")
    return found


def _own_text(name: str, key: Channel | str, language: str) -> str | None:
    key = key.value if isinstance(key, Channel) else key
    return LANGUAGES.get(language, en.TEXTS).get(name, {}).get(key)


def _format(text: str, variables: dict[str, str]) -> str:
    return text.format_map({k: str(v) for k, v in variables.items()})
