"""The bot's text catalogue: every message by id, in English, Hindi (Devanagari) and Hinglish.

One place for every word the bot sends. Actions render `text(id, language, **values)`; the ids that start
with `utter_` are also rasa responses, which `python -m bot.texts` writes into bot/domain/responses.yml
as one variation per language, chosen by the `reply_language` slot. The language itself is chosen by
core.languages (the same rule the notifications use).
"""
from __future__ import annotations

import string
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from core.languages import DEFAULT, LANGUAGES

HERE = Path(__file__).resolve().parent


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """{message id: {language: text}} from every bot/texts/*.yml."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(HERE.glob("*.yml")):
        for message_id, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if message_id in merged:
                raise ValueError(f"message id {message_id!r} is defined twice ({path.name})")
            merged[message_id] = texts
    return merged


def text(message_id: str, language: str | None, **values: object) -> str:
    """The message in `language` (English if unknown), its {placeholders} filled from `values`."""
    texts = catalogue()[message_id]
    chosen = texts.get(language or DEFAULT) or texts[DEFAULT]
    return chosen.format_map({k: str(v) for k, v in values.items()}) if values else chosen


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def opening(message_id: str) -> set[str]:
    """The start of the message in each language, before its first placeholder: to recognise it once sent."""
    return {template.split("{", 1)[0][:60] for template in catalogue()[message_id].values()}


def was_said(message_id: str, said: Iterable[str]) -> bool:
    """Whether one of the texts in `said` is this message, in any language."""
    starts = {start for start in opening(message_id) if start}
    return any(text.startswith(start) for text in said for start in starts)


__all__ = ["LANGUAGES", "catalogue", "opening", "placeholders", "text", "was_said"]
