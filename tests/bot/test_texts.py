"""The text catalogue: every message in English, Hindi and Hinglish, and every id the bot uses exists."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import texts
from bot.texts.__main__ import TARGET, rendered
from core.languages import LANGUAGES
from core.models.bookings import PATIENT_LABELS

BOT = Path(__file__).resolve().parents[2] / "bot"
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.mark.parametrize("message_id", sorted(texts.catalogue()))
def test_every_message_has_all_three_languages_with_the_same_placeholders(message_id):
    found = texts.catalogue()[message_id]
    assert set(found) == set(LANGUAGES) and all(found[lang].strip() for lang in LANGUAGES)
    assert len({frozenset(texts.placeholders(found[lang])) for lang in LANGUAGES}) == 1
    assert DEVANAGARI.search(found["hi"]), "the Hindi text is in Devanagari"
    assert not DEVANAGARI.search(found["hinglish"]) and not DEVANAGARI.search(found["en"])


def test_the_domain_responses_are_generated_from_the_catalogue():
    assert TARGET.read_text(encoding="utf-8") == rendered(), "run `python -m bot.texts`"


def test_every_message_id_the_actions_use_is_in_the_catalogue():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (BOT / "actions").rglob("*.py"))
    used = set(re.findall(r"""(?:tell|words|respond|refuse\(dispatcher, tracker,|texts\.text)\(?\s*["']([a-z_]+)["']""",
                          code))
    used |= set(re.findall(r'"(refund_[a-z_]+)"', code))
    used |= {f"status_{label.lower()}" for label in PATIENT_LABELS.values()}  # manage.status_label
    assert used and used <= set(texts.catalogue()), used - set(texts.catalogue())


def test_every_response_the_rules_stories_and_forms_send_is_in_the_catalogue():
    sent = set()
    for path in [*(BOT / "data").rglob("*.yml"), *(BOT / "tests").rglob("*.yml")]:
        sent |= set(re.findall(r"\b(utter_[a-z_]+)\b", path.read_text(encoding="utf-8")))
    forms = yaml.safe_load((BOT / "domain" / "forms.yml").read_text(encoding="utf-8"))["forms"]
    sent |= {f"utter_ask_{slot}" for form in forms.values() for slot in form.get("required_slots", [])}
    assert sent <= set(texts.catalogue()), sent - set(texts.catalogue())
