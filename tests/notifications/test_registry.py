"""The registry: every trigger has a text on each of its channels in every language, and SMS texts fit DLT."""
from __future__ import annotations

import pytest

from core.models.notifications import Channel
from core.notify.channels import DltTemplate
from notifications import registry

VARIABLES = {name: f"<{name}>" for name in (
    "ref", "service", "patient", "when", "center", "address", "phone", "amount", "prep", "until", "by", "refund",
    "refund_short", "number", "ticket", "subject", "status", "since", "text", "reason", "was", "city", "area")} | {
    "link": "https://medezy.in/x", "map": "https://maps.google.com/?q=1,2"}
CASES = [(name, channel, language) for name, trigger in registry.TRIGGERS.items()
         for channel in set(trigger.channels) | ({Channel.SMS} if trigger.sms_fallback else set())
         for language in registry.LANGUAGES]


@pytest.mark.parametrize("name,channel,language", CASES)
def test_every_trigger_renders_on_its_channels_in_every_language(name, channel, language):
    rendered = registry.render(name, channel, language, VARIABLES)
    assert rendered.body and "{" not in rendered.body
    assert (rendered.subject is not None) == (channel is Channel.EMAIL)


@pytest.mark.parametrize("name,language", sorted({(n, lang) for n, ch, lang in CASES if ch is Channel.SMS}))
def test_each_sms_matches_the_template_registered_for_it(name, language):
    text = registry.render(name, Channel.SMS, language, VARIABLES).body
    assert DltTemplate("1107", registry.dlt_text(name, language)).matches(text)


def test_hindi_and_hinglish_are_their_own_texts():
    english, hindi, hinglish = (registry.render("booking_confirmed", Channel.WHATSAPP, lang, VARIABLES).body
                                for lang in ("en", "hi", "hinglish"))
    assert len({english, hindi, hinglish}) == 3 and "पुष्टि" in hindi and "Confirm ho gaya" in hinglish


def test_approved_whatsapp_templates_are_named_per_language():
    assert registry.template_name("booking_confirmed", "en") == "booking_confirmed"
    assert registry.template_name("booking_confirmed", "hi") == "booking_confirmed_hi"
