"""No free slot anywhere: offer the waitlist ("1", "yes" or "waitlist"), and put the patient on it (core.waitlist).

"Tell me when a slot opens" is the intent `join_waitlist` (rules in bot/data/rules/booking.yml). A bare
"waitlist" or "वेटलिस्ट" can still fall back with low confidence, so while the offer stands the fallback action
joins for it (`names_waitlist`) too.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from rasa_sdk.events import SlotSet

from bot.actions.runtime import PatientAction, Turn
from bot.actions.slot_search import LATER_DAYS, span_label
from core import waitlist
from core.clock import IST
from core.models.cities import City
from core.models.services import Service

OFFER = "waitlist_offer"
# English with or without the space or hyphen, and the Hindi spellings patients use.
_NAMED = re.compile(r"\bwait(?:ing)?[\s-]*list\b|वेट\s*लिस्ट|वेटिंग\s*लिस्ट|प्रतीक्षा\s*सूची", re.IGNORECASE)


def offer(service: Service, city: City, start: datetime) -> list[dict]:
    """Events that make "1" or "yes" join the waitlist for the month that was searched."""
    first = start.astimezone(IST).date()
    wish = {"service_id": service.id, "city_id": city.id, "date_from": first.isoformat(),
            "date_to": (first + timedelta(days=LATER_DAYS)).isoformat()}
    return [SlotSet(OFFER, wish), SlotSet("pending_action", "waitlist"), SlotSet("menu_context", "waitlist"),
            SlotSet("menu_items", ["waitlist"])]


def names_waitlist(text: str) -> bool:
    """Whether the message names the waitlist ("waitlist", "add me to the waiting list", "वेटलिस्ट")."""
    return bool(_NAMED.search(text or ""))


def on_offer(turn: Turn) -> bool:
    return isinstance(turn.slot(OFFER), dict)


def forget() -> list[dict]:
    return [SlotSet(OFFER, None), SlotSet("pending_action", None), SlotSet("menu_context", None)]


class JoinWaitlist(PatientAction):
    def name(self) -> str:
        return "action_join_waitlist"

    def act(self, turn: Turn) -> list[dict]:
        return join(turn)


def join(turn: Turn) -> list[dict]:
    """Put the patient on the waitlist that was offered (or ask what to wait for when none was)."""
    wish = turn.slot(OFFER)
    if not isinstance(wish, dict):
        turn.tell("waitlist_nothing_to_wait_for")
        return forget()
    first, last = date.fromisoformat(wish["date_from"]), date.fromisoformat(wish["date_to"])
    entry = waitlist.join(turn.session, actor=turn.actor, user_id=turn.user.id, service_id=wish["service_id"],
                          city_id=wish["city_id"], date_from=first, date_to=last, now=turn.now)
    start = datetime.combine(entry.date_from, datetime.min.time(), IST)
    end = datetime.combine(entry.date_to + timedelta(days=1), datetime.min.time(), IST)
    turn.tell("waitlist_joined", service=turn.session.get(Service, entry.service_id).name,
              city=turn.session.get(City, entry.city_id).name, span=span_label(start, end, turn.language))
    return forget()
