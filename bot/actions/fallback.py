"""Messages we could not understand: the menu first, then the offer of a person, then a person."""
from __future__ import annotations

from rasa_sdk.events import SlotSet, UserUtteranceReverted

from bot.actions import waitlist
from bot.actions.runtime import PatientAction, Turn
from bot.actions.support import hand_over

FALLBACK = "action_default_fallback"
HAND_OVER_AFTER = 3


def misses_in_a_row(events: list[dict]) -> int:
    """How many user messages in a row, this one included, ended in the fallback."""
    turns: list[list[dict]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        elif turns:
            turns[-1].append(event)
    count = 1
    for earlier in reversed(turns[:-1]):
        if not any(e.get("event") == "action" and e.get("name") == FALLBACK for e in earlier):
            break
        count += 1
    return count


class DefaultFallback(PatientAction):
    def name(self) -> str:
        return FALLBACK

    def act(self, turn: Turn) -> list[dict]:
        if waitlist.on_offer(turn) and waitlist.names_waitlist(turn.text):  # a bare "waitlist" may fall back: see there
            return [SlotSet("fallback_count", 0), *waitlist.join(turn)]
        count = misses_in_a_row(turn.tracker.events)
        # Reverting the message keeps an open form or a pending yes/no where it was.
        events = [UserUtteranceReverted(), SlotSet("fallback_count", count)]
        if count >= HAND_OVER_AFTER:
            return [*events, *hand_over(turn, "The assistant could not understand the patient three times")]
        if count == 2:
            turn.respond("utter_offer_human")
            return events
        turn.respond("utter_default")
        return [*events, SlotSet("menu_context", "main")]
