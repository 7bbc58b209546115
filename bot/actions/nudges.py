"""Re-asking without repeating: the same refusal twice in a row reads as a broken bot.

A form re-asks its question after a reply it cannot use. When the bot's previous turn already
carried that refusal, the second one says so and offers the ways out instead.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import texts
from bot.actions.runtime import language_of


def previous_turn_texts(tracker: Tracker) -> list[str]:
    """What the bot said between the patient's previous message and this one."""
    said, users = [], 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            said.append(event.get("text") or "")
    return said


def refuse(dispatcher: CollectingDispatcher, tracker: Tracker, message_id: str, **values: Any) -> None:
    """Send the catalogue message `message_id`; reworded with the ways out when the last turn said the same."""
    language = language_of(tracker)
    wording = texts.text(message_id, language, **values)
    if any(said.startswith(wording[:60]) for said in previous_turn_texts(tracker)):
        wording = texts.text("still_unusable", language, message=wording)
    dispatcher.utter_message(text=wording)
