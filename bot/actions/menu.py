"""Numbered menus: the main menu, and reading a reply like "2" or "doosra" against the last list shown.

A bare number is always a menu choice, never a date: `menu_context` says which list the patient
last saw, and the ids behind its lines sit in `offered_slot_ids` (slots) or `menu_items` (the rest).
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from rasa_sdk.events import SlotSet
from sqlalchemy import select

from bot import texts
from bot.actions.catalogue_text import MODALITY_MENU
from bot.actions.nudges import previous_turn_texts
from bot.actions.runtime import PatientAction, Turn
from bot.actions.timeparse import parse_menu_choice
from bot.actions.timeparse.clock import find_time
from bot.actions.timeparse.vocabulary import normalise
from bot.medezy_nlu.romanize import romanize
from core import catalogue
from core.clock import IST
from bot.actions.wording import slot_label
from core.models.centers import Center
from core.models.services import Service
from core.models.slots import Slot

MAIN_MENU = ["book_scan", "my_bookings", "report_status", "prices", "human"]

# Slots of a booking in progress; forgotten when it is held, stopped or started afresh.
BOOKING_SLOTS = ("service", "service_code", "body_part", "city", "area", "preferred_when", "when_start", "when_end",
                 "offered_slot_ids", "selected_slot_id", "selected_slot_label", "who_for", "patient_name",
                 "patient_age", "patient_sex", "known_patient", "menu_items", "waitlist_offer")


def forget_booking() -> list[dict]:
    return [SlotSet(name, None) for name in BOOKING_SLOTS]


class ShowMenu(PatientAction):
    def name(self) -> str:
        return "action_show_menu"

    def act(self, turn: Turn) -> list[dict]:
        said = previous_turn_texts(turn.tracker)
        if texts.was_said("utter_main_menu", said) or texts.was_said("utter_default", said):
            turn.tell("menu_again")  # the menu twice in a row would read as a stuck bot
        turn.respond("utter_main_menu")
        # A greeting starts over: a half-finished booking would otherwise pre-fill the next one,
        # and a cancel waiting for its "yes" must not be confirmed by a later, unrelated yes.
        return [*forget_booking(), SlotSet("menu_context", "main"), SlotSet("fallback_count", 0),
                SlotSet("pending_action", None)]


class AnythingElse(ShowMenu):
    """A plain yes or no with nothing waiting for it: ask once, then show the menu (never the same line twice)."""

    def name(self) -> str:
        return "action_anything_else"

    def act(self, turn: Turn) -> list[dict]:
        if texts.was_said("utter_anything_else", [_last_bot_text(turn) or ""]):
            return super().act(turn)
        turn.respond("utter_anything_else")
        return []


def _last_bot_text(turn: Turn) -> str | None:
    return next((e.get("text") for e in reversed(turn.tracker.events) if e.get("event") == "bot"), None)


class ClearBooking(PatientAction):
    def name(self) -> str:
        return "action_clear_booking"

    def act(self, turn: Turn) -> list[dict]:
        return [*forget_booking(), SlotSet("search_status", None), SlotSet("hold_status", None),
                SlotSet("menu_context", None)]


class SelectOption(PatientAction):
    def name(self) -> str:
        return "action_select_option"

    def act(self, turn: Turn) -> list[dict]:
        context = turn.slot("menu_context") or "main"
        items = _items(turn, context)
        choice = parse_menu_choice(turn.text, len(items)) or _option_entity(turn, len(items))
        if choice is None and context in ("slots", "reschedule_slots"):
            choice = slot_by_words(turn, [int(i) for i in items])
        if choice is None:
            return _invalid(turn, context, len(items))
        return _chosen(turn, context, items[choice - 1])


def _items(turn: Turn, context: str) -> list[str]:
    if context in ("slots", "reschedule_slots"):
        return [str(i) for i in turn.slot("offered_slot_ids") or []]
    if context == "confirm":
        return ["confirm", "change"]
    if context in ("services", "bookings", "waitlist"):
        return [str(i) for i in turn.slot("menu_items") or []]
    return MAIN_MENU


def slot_by_words(turn: Turn, slot_ids: list[int]) -> int | None:
    """The offered slot the patient names by its time ("the 10:30 one", "saadhe das") or centre ("lotus")."""
    rows = {row.id: row for row in turn.session.execute(
        select(Slot.id, Slot.starts_at, Center.name, Center.area).join(Center, Center.id == Slot.center_id)
        .where(Slot.id.in_(slot_ids)))}
    offered = [(n, rows[i]) for n, i in enumerate(slot_ids, start=1) if i in rows]
    at, _ = find_time(normalise(turn.text))
    by_time = [n for n, row in offered if at is not None and row.starts_at.astimezone(IST).time() == at]
    if len(by_time) == 1:
        return by_time[0]
    words = [w for w in re.findall(r"[a-z]+", romanize(turn.text).lower()) if len(w) >= 4]
    by_center = [n for n, row in offered if words and any(
        process.extractOne(w, re.findall(r"[a-z]+", f"{row.name} {row.area}".lower()), scorer=fuzz.ratio,
                           score_cutoff=85) for w in words)]
    if by_time and by_center:
        both = sorted(set(by_time) & set(by_center))
        return both[0] if len(both) == 1 else None
    return by_center[0] if len(by_center) == 1 else None


def _option_entity(turn: Turn, count: int) -> int | None:
    values = [e.get("value") for e in (turn.tracker.latest_message or {}).get("entities") or []
              if e.get("entity") == "option"]
    return parse_menu_choice(str(values[-1]), count) if values else None


def _invalid(turn: Turn, context: str, count: int) -> list[dict]:
    if context == "main" or count == 0:
        turn.respond("utter_main_menu")
        return [SlotSet("menu_context", "main"), SlotSet("menu_choice", "invalid")]
    turn.tell("pick_from_list", count=count)
    return [SlotSet("menu_choice", "invalid")]


def _chosen(turn: Turn, context: str, item: str) -> list[dict]:
    if context == "main":
        events = forget_booking() if item == "book_scan" else []
        return [*events, SlotSet("menu_choice", item)]
    if context in ("confirm", "waitlist"):
        return [SlotSet("menu_choice", item)]
    if context == "services":
        return [*_service_choice(turn, item), SlotSet("menu_choice", "service")]
    if context == "bookings":
        return [SlotSet("booking_ref", item), SlotSet("menu_choice", "booking")]
    label = _slot_label(turn, int(item))
    choice = "slot" if context == "slots" else "reschedule_slot"
    return [SlotSet("selected_slot_id", item), SlotSet("selected_slot_label", label), SlotSet("menu_choice", choice)]


def _service_choice(turn: Turn, item: str) -> list[dict]:
    """A line of the services list: a modality ("MRI") or, after narrowing, a scan's code."""
    service = turn.session.scalar(select(Service).where(Service.code == item))
    if service is not None:
        catalogue.record_views(turn.session, service_ids=[service.id], user_id=turn.user.id)
        return [SlotSet("service", service.name), SlotSet("service_code", service.code)]
    known = {m.value for m in MODALITY_MENU}
    return [SlotSet("service", item if item in known else None), SlotSet("service_code", None)]


def _slot_label(turn: Turn, slot_id: int) -> str | None:
    row = turn.session.execute(select(Slot.starts_at, Center.name, Center.area)
                               .join(Center, Center.id == Slot.center_id).where(Slot.id == slot_id)).first()
    return slot_label(row.starts_at, row.name, row.area, turn.language) if row else None
