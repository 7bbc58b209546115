"""Re-asking without repeating: the same refusal twice in a row reads as a broken bot.

A form re-asks its question after a reply it cannot use. When the bot's previous turn already
carried that refusal, the second one says so and offers the ways out instead.
"""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

AGAIN = "Sorry, I still couldn't use that. "
WAYS_OUT = " Or reply *menu* to start over, or *agent* for a person."


def previous_turn_texts(tracker: Tracker) -> list[str]:
    """What the bot said between the patient's previous message and this one."""
    texts, users = [], 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            texts.append(event.get("text") or "")
    return texts


def refuse(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict, *, response: str | None = None,
           text: str | None = None) -> None:
    """Send `response` (or `text`); reworded with the ways out when the last turn said the same."""
    wording = text or _response_text(domain, response)
    if wording and any(said.startswith(wording[:60]) for said in previous_turn_texts(tracker)):
        dispatcher.utter_message(text=AGAIN + wording + WAYS_OUT)
    elif response and not text:
        dispatcher.utter_message(response=response)
    else:
        dispatcher.utter_message(text=wording)


def _response_text(domain: dict, response: str | None) -> str:
    variants = (domain.get("responses") or {}).get(response or "") or [{}]
    return variants[0].get("text") or ""
