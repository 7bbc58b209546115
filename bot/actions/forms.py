"""Form validation: patients' words in the booking and feedback forms become catalogue rows and numbers.

Each validate_<slot> returns the slot (None when unusable, so the form asks again) plus any slots it
resolved on the way (service_code, when_start/when_end). A bare number is read against the menu the
patient last saw, never as a date.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from bot.actions import catalogue_text, running_container
from bot.actions.corrections import acknowledge, day_named, day_slots, latest_text, value_before
from bot.actions.discovery import modality_menu
from bot.actions.nudges import refuse
from bot.actions.runtime import PatientAction, Turn
from bot.actions.timeparse import parse_menu_choice, parse_when
from bot.actions.wording import numbered
from core import catalogue
from core.clock import now_utc
from core.models.services import Service

Slots = dict[str, Any]


class ValidateBookingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_booking_form"

    def validate_service(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> Slots:
        if _cleared(value):
            return {"service": None}
        with running_container().uow() as uow:
            services = catalogue.list_services(uow.session)
            found = [(s.name, s.code) for s in _services_for(services, str(value or ""), tracker)]
        if len(found) == 1:
            name, code = found[0]
            acknowledge(dispatcher, tracker, slot="service", before=tracker.get_slot("service_code"), after=code,
                        shown=name)
            return {"service": name, "service_code": code, "menu_context": None, "menu_items": None}
        if found:  # several scans fit ("MRI"): action_ask_service lists just those
            return {"service": None, "service_code": None, "menu_context": "services",
                    "menu_items": [code for _, code in found]}
        day = _corrected_day(dispatcher, tracker)
        if not day and not _other_slots_set(tracker, "service"):
            refuse(dispatcher, tracker, "utter_invalid_service")
        return {"service": None, "service_code": None, **day}

    async def extract_city(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> Slots:
        """A served city named anywhere in the message when the NLU tagged none: lower case, typos or
        Devanagari ("mri in nagpur kal", "hydrabad", "दिल्ली"), or a bare city after "no slot there"."""
        if tracker.get_slot("city"):
            return {}
        with running_container().uow() as uow:
            city = catalogue_text.find_city(uow.session, latest_text(tracker))
            return {"city": city.name} if city else {}

    def validate_city(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> Slots:
        if _cleared(value):
            return {"city": None}
        with running_container().uow() as uow:
            city = catalogue_text.find_city(uow.session, str(value or ""))
            name = city.name if city else None
            served = ", ".join(c.name for c in catalogue.list_cities(uow.session))
        if name is not None:
            acknowledge(dispatcher, tracker, slot="city", before=value_before(tracker, "city"), after=name, shown=name)
            return {"city": name}
        # "kal shaam" or "नहीं, शनिवार" typed when asked for the city: the day changes, no scolding.
        day = _corrected_day(dispatcher, tracker)
        if not day and not _other_slots_set(tracker, "city") and parse_when(str(value or ""), now_utc()) is None:
            refuse(dispatcher, tracker, "city_not_served", city=value, served=served)
        return {"city": None, **day}

    async def extract_preferred_when(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: dict) -> Slots:
        """A day anywhere in the message when the NLU tagged none ("mujhe kal delhi mein MRI chahiye")."""
        if tracker.get_slot("preferred_when") or parse_when(latest_text(tracker), now_utc()) is None:
            return {}
        return {"preferred_when": latest_text(tracker)}

    def validate_preferred_when(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict) -> Slots:
        if _cleared(value):
            return {"preferred_when": None}
        now = now_utc()
        # The whole message first: "kal shaam" arrives as two entities and the slot keeps only the last.
        wanted = parse_when(latest_text(tracker), now) or parse_when(str(value or ""), now)
        if wanted is None:
            # "actually CT" typed when asked for the day changes the scan only: nothing to scold.
            if not _other_slots_set(tracker, "preferred_when"):
                refuse(dispatcher, tracker, "utter_invalid_when")
            return {"preferred_when": None}
        if wanted.end <= now:
            refuse(dispatcher, tracker, "when_in_past", day=wanted.label)
            return {"preferred_when": None}
        found = day_slots(_when_words(tracker, value), wanted)
        acknowledge(dispatcher, tracker, slot="preferred_when", before=tracker.get_slot("when_start"),
                    after=found["when_start"], shown=wanted.label)
        return found


def _cleared(value: Any) -> bool:
    """A slot an action just emptied (a new booking) is validated too; there is nothing to check."""
    return value is None or not str(value).strip()


def _services_for(services: list[Service], value: str, tracker: Tracker) -> list[Service]:
    items = tracker.get_slot("menu_items") or []
    menu = items if tracker.get_slot("menu_context") == "services" and items else \
        [m for m, _ in modality_menu(services)]
    choice = parse_menu_choice(value, len(menu))
    if choice is not None:
        value = menu[choice - 1]
    by_code = [s for s in services if s.code == value]
    return by_code or catalogue_text.match_services(services, value, tracker.get_slot("body_part"))


def _corrected_day(dispatcher: CollectingDispatcher, tracker: Tracker) -> Slots:
    wanted = day_named(tracker, now_utc())
    if wanted is None:
        return {}
    found = day_slots(latest_text(tracker), wanted)
    acknowledge(dispatcher, tracker, slot="preferred_when", before=tracker.get_slot("when_start"),
                after=found["when_start"], shown=wanted.label)
    return found


def _when_words(tracker: Tracker, value: Any) -> str:
    words = [str(e["value"]) for e in (tracker.latest_message or {}).get("entities") or []
             if e.get("entity") in ("date_text", "time_text") and e.get("value")]
    return " ".join(words) or str(value)


def _other_slots_set(tracker: Tracker, this: str) -> bool:
    """Whether this message filled another form slot, so a failed free-text reading is not an error."""
    return any(name != this and value for name, value in tracker.slots_to_validate().items()
               if name in ("service", "city", "preferred_when"))


class AskService(PatientAction):
    """How the booking form asks for the scan: the scans that fit so far, or every kind we book."""

    def name(self) -> str:
        return "action_ask_service"

    def act(self, turn: Turn) -> list[dict]:
        services = catalogue.list_services(turn.session)
        codes = (turn.slot("menu_items") or []) if turn.slot("menu_context") == "services" else []
        narrowed = [s for code in codes for s in services if s.code == code]
        if narrowed:
            catalogue.record_views(turn.session, service_ids=[s.id for s in narrowed], user_id=turn.user.id)
            lines = numbered(turn.words("narrowed_line", service=s.name, price=catalogue.rupees(s.min_price_paise))
                             for s in narrowed)
            turn.tell("ask_service_narrowed", modality=narrowed[0].modality.value, lines=lines)
            return []
        menu = modality_menu(services, turn.language)
        turn.tell("ask_service_menu", lines=numbered(line for _, line in menu))
        return [SlotSet("menu_context", "services"), SlotSet("menu_items", [m for m, _ in menu])]
