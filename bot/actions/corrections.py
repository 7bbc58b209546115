"""Corrections inside the booking form: "no, Saturday" or "actually CT" while another question is open.

Only the field named changes (the form keeps the rest), and the bot says what changed, so the question it
asks again does not read as the same message twice.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import texts
from bot.actions.runtime import language_of
from bot.actions.timeparse import When, parse_when


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def day_named(tracker: Tracker, now: datetime) -> When | None:
    """A day in a reply to another question that the NLU did not tag ("नहीं, शनिवार"): it corrects the day."""
    if "preferred_when" in tracker.slots_to_validate():
        return None
    wanted = parse_when(latest_text(tracker), now)
    return wanted if wanted is not None and wanted.end > now else None


def day_slots(words: str, wanted: When) -> dict[str, Any]:
    return {"preferred_when": words, "when_start": wanted.start.isoformat(), "when_end": wanted.end.isoformat()}


def value_before(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the patient's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def acknowledge(dispatcher: CollectingDispatcher, tracker: Tracker, *, slot: str, before: Any, after: Any,
                shown: str) -> None:
    """Say "Okay, changed to Sat 28 Nov" when a field that had a value changed while another was asked."""
    asked = tracker.get_slot("requested_slot")
    if asked and asked != slot and before and before != after:
        dispatcher.utter_message(text=texts.text("changed", language_of(tracker), value=shown))
