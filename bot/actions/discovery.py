"""Before booking: which scans we book, what they cost in a city, how to prepare, common questions."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from bot import texts
from bot.actions import catalogue_text
from bot.actions.catalogue_text import MODALITY_MENU, asked_services
from bot.actions.runtime import PatientAction, Turn
from bot.actions.wording import numbered
from core import catalogue
from core.content import faq
from core.models.services import Service

MAX_LISTED = 6


def modality_menu(services: list[Service], language: str = "en") -> list[tuple[str, str]]:
    """(modality, 'MRI: brain, knee… · from ₹4,000') for each modality we book, in menu order."""
    lines = []
    for modality in MODALITY_MENU:
        group = [s for s in services if s.modality is modality]
        if group:
            parts = ", ".join(dict.fromkeys(s.body_part.lower() for s in group))
            cheapest = catalogue.rupees(min(s.min_price_paise for s in group))
            lines.append((modality.value, texts.text("modality_line", language, modality=modality.value,
                                                     parts=parts, price=cheapest)))
    return lines


class ListServices(PatientAction):
    def name(self) -> str:
        return "action_list_services"

    def act(self, turn: Turn) -> list[dict]:
        menu = modality_menu(catalogue.list_services(turn.session), turn.language)
        turn.tell("scans_we_book", lines=numbered(line for _, line in menu))
        return [SlotSet("menu_context", "services"), SlotSet("menu_items", [m for m, _ in menu])]


class ShowPrices(PatientAction):
    def name(self) -> str:
        return "action_show_prices"

    def act(self, turn: Turn) -> list[dict]:
        services, words = asked_services(turn.session, turn.tracker)
        city = _city(turn)
        if not services:
            menu = modality_menu(catalogue.list_services(turn.session), turn.language)
            turn.tell("price_overview", not_offered=_not_offered(turn, words),
                      lines="\n".join(f"• {line}" for _, line in menu))
        elif city is None:
            turn.tell("prices_ask_city", lines="\n".join(_template_price(s) for s in services[:MAX_LISTED]))
        else:
            turn.say("\n".join(_city_price(turn, s, city) for s in services[:MAX_LISTED]))
        catalogue.record_views(turn.session, service_ids=[s.id for s in services[:MAX_LISTED]], user_id=turn.user.id,
                               city_id=city.id if city else None)
        return []


def _city(turn: Turn):
    text = turn.slot("city")
    return catalogue_text.find_city(turn.session, text) if text else None


def _not_offered(turn: Turn, words: str) -> str:
    return turn.words("not_offered", words=words) if words else ""


def _template_price(service: Service) -> str:
    low, high = catalogue.rupees(service.min_price_paise), catalogue.rupees(service.max_price_paise)
    return f"*{service.name}*: {low} – {high}"


def _city_price(turn: Turn, service: Service, city) -> str:
    found = catalogue.price_range(turn.session, service_id=service.id, city_id=city.id)
    if found is None:
        return turn.words("price_not_in_city", service=service.name, city=city.name)
    if found.lowest_paise == found.highest_paise:
        return turn.words("price_in_city", service=service.name, city=city.name,
                          price=catalogue.rupees(found.lowest_paise))
    return turn.words("price_range_in_city", service=service.name, city=city.name, centers=found.centers,
                      low=catalogue.rupees(found.lowest_paise), high=catalogue.rupees(found.highest_paise))


class ShowPrep(PatientAction):
    def name(self) -> str:
        return "action_show_prep"

    def act(self, turn: Turn) -> list[dict]:
        services, words = asked_services(turn.session, turn.tracker)
        if not services:
            turn.say(_prep_without_a_scan(turn, words))
            return []
        if len(services) == 1:
            catalogue.view_service(turn.session, service_id=services[0].id, user_id=turn.user.id)
        turn.say("\n\n".join(_prep_block(turn, group) for group in _same_prep(services)))
        return []


def _prep_without_a_scan(turn: Turn, words: str) -> str:
    """A prep question naming no scan ("do I need to fast?"): the matching FAQ answer (the fasting one ends with
    *prep for <scan>*), else ask which scan.

    Fasting, water, metal and medicine questions are labelled ask_prep, so they land here, not in the FAQ.
    """
    general = None if words else faq.answer_from_content(turn.session, turn.text, language=turn.language,
                                                         now=turn.now)
    return general or turn.words("prep_which_scan", not_offered=_not_offered(turn, words))


def _same_prep(services: list[Service]) -> list[list[Service]]:
    """Scans grouped by identical instructions, so a modality's shared prep is said once."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        groups.setdefault(service.prep_instructions.strip(), []).append(service)
    return list(groups.values())


def _prep_block(turn: Turn, group: list[Service]) -> str:
    names = ", ".join(s.name for s in group)
    return f"*{names}*: {group[0].prep_instructions.strip() or turn.words('no_special_prep')}"


class AnswerFaq(PatientAction):
    def name(self) -> str:
        return "action_answer_faq"

    def act(self, turn: Turn) -> list[dict]:
        found = faq.answer_from_content(turn.session, turn.text, language=turn.language, now=turn.now)
        turn.say(found or turn.words("faq_topics"))
        return []
