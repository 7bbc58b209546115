"""Write bot/domain/responses.yml from the catalogue: `python -m bot.texts` (tests/bot/test_texts.py checks it).

Each utter_ message becomes one rasa response with a variation per language: English unconditioned (the
default), Hindi and Hinglish conditioned on the `reply_language` slot.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.texts import catalogue
from core.languages import DEFAULT, LANGUAGES

TARGET = Path(__file__).resolve().parents[1] / "domain" / "responses.yml"
HEADER = "# Generated from bot/texts/*.yml by `python -m bot.texts`; edit the catalogue, not this file.\n"


def responses() -> dict:
    found = {}
    for message_id, texts in catalogue().items():
        if not message_id.startswith("utter_"):
            continue
        variations = [{"text": texts[language],
                       "condition": [{"type": "slot", "name": "reply_language", "value": language}]}
                      for language in LANGUAGES if language != DEFAULT]
        found[message_id] = [*variations, {"text": texts[DEFAULT]}]
    return found


def rendered() -> str:
    body = yaml.safe_dump({"version": "3.1", "responses": responses()}, allow_unicode=True, sort_keys=False,
                          width=10_000)
    return HEADER + body


if __name__ == "__main__":
    TARGET.write_text(rendered(), encoding="utf-8")
    print(f"wrote {TARGET}")
