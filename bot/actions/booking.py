"""Booking: real free slots as a numbered menu, a summary to confirm, then the hold and the payment link."""
from __future__ import annotations

from rasa_sdk.events import SlotSet
from sqlalchemy import select

from bot import texts
from bot.actions import catalogue_text, refusals, slot_search, waitlist
from bot.actions.menu import forget_booking
from bot.actions.patient_form import family_named
from bot.actions.runtime import PatientAction, Turn, payment_provider
from bot.actions.support import hand_over
from bot.actions.wording import clock, sex_short, slot_label
from bot.medezy_nlu.romanize import romanize
from core import catalogue
from core.booking import service as bookings
from core.booking.search import SlotOption
from core.catalogue import rupees
from core.errors import DomainError, SlotUnavailable, ValidationError
from core.models.bookings import Booking
from core.models.centers import Center, CenterService
from core.models.services import Service
from core.models.slots import Slot
from core.models.users import Sex
from core.payments import fees
from core.payments.checkout import start_checkout
from core.payments.provider import ProviderError

OTHER_CITIES = 3
# Actions after which the patient's next messages belong to a new booking.
BOOKING_STARTS = {"action_show_menu", "action_clear_booking", "action_hold_slot", "action_session_start"}


class SearchSlots(PatientAction):
    def name(self) -> str:
        return "action_search_slots"

    def act(self, turn: Turn) -> list[dict]:
        service, city, span = _service(turn), _city(turn), slot_search.span_from_slots(turn.tracker)
        if service is None or city is None or span is None or span[1] <= turn.now:
            return _ask_again(turn, "pick_again")
        found, widened = _find(turn, service, city, span)
        if not found:  # the whole week is full: the next free ones in the month, never a bare "no"
            found, widened = _later(turn, service, city, span), True
        options = slot_search.pick(found)
        if not options:
            return _nothing_in_city(turn, service, city, span)
        turn.say(_offer(turn, service, city, span, options, widened))
        # A search right after the booking form is a new booking: who it is for is asked afresh,
        # unless the patient already said it ("MRI for my mother in Nagpur on Saturday").
        fresh = turn.tracker.latest_action_name == "booking_form"
        reset = [SlotSet(s, None) for s in ("who_for", "patient_name", "patient_age", "patient_sex")] if fresh else []
        if fresh and any(family_named(romanize(text)) for text in _booking_messages(turn.tracker)):
            reset.append(SlotSet("who_for", "family"))
        if turn.slot("pending_action") == "waitlist":  # a slot turned up after all: "yes" no longer means the waitlist
            reset += waitlist.forget()
        return [*reset, SlotSet("offered_slot_ids", [str(o.slot_id) for o in options]),
                SlotSet("menu_context", "slots"), SlotSet("search_status", "found")]


def _service(turn: Turn) -> Service | None:
    code = turn.slot("service_code")
    return turn.session.scalar(select(Service).where(Service.code == code)) if code else None


def _city(turn: Turn):
    name = turn.slot("city")
    return catalogue_text.find_city(turn.session, name) if name else None


def _find(turn: Turn, service: Service, city, span) -> tuple[list[SlotOption], bool]:
    area = turn.slot("area")
    query = slot_search.query_for(service.id, city.id, max(span[0], turn.now), span[1], area=area)
    try:
        return slot_search.search(turn.session, query, user_id=turn.user.id, now=turn.now)
    except ValidationError as unknown_area:  # "We don't have centers in 'X' yet. Areas we cover: ..."
        turn.tell("unknown_area", problem=unknown_area, city=city.name)
        query = slot_search.query_for(service.id, city.id, max(span[0], turn.now), span[1])
        return slot_search.search(turn.session, query, user_id=turn.user.id, now=turn.now)


def _later(turn: Turn, service: Service, city, span) -> list[SlotOption]:
    query = slot_search.query_for(service.id, city.id, max(span[0], turn.now), span[1])
    return slot_search.later(turn.session, query, user_id=turn.user.id, now=turn.now)


def _booking_messages(tracker) -> list[str]:
    """What the patient wrote since this booking began (the last menu or finished booking)."""
    texts = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in BOOKING_STARTS:
            break
        if event.get("event") == "user":
            texts.append(event.get("text") or "")
    return texts


def _misses(tracker) -> int:
    """Searches in a row that found nothing (since the last menu or offer)."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in BOOKING_STARTS:
            break
        if event.get("event") == "slot" and event.get("name") == "search_status":
            if event.get("value") == "found":
                break
            count += 1
    return count


def _nothing_in_city(turn: Turn, service: Service, city, span) -> list[dict]:
    """No slot in the city for a month: name the cities that have one, and ask for a city (not a day).

    Never the same answer twice: the second miss in a row says so and offers a person, the third
    hands the chat to one.
    """
    misses = _misses(turn.tracker)
    if misses >= 2:
        return [*hand_over(turn, f"No {service.name} slot found on WhatsApp after {misses + 1} searches"),
                SlotSet("search_status", "none"), SlotSet("city", None)]
    if misses == 1:
        turn.tell("still_no_slots", service=service.name, city=city.name)
        return [*_none_found(), *waitlist.offer(service, city, span[0])]
    query = slot_search.query_for(service.id, city.id, max(span[0], turn.now), span[1])
    others = slot_search.elsewhere(turn.session, query, catalogue.list_cities(turn.session),
                                   user_id=turn.user.id, now=turn.now)[:OTHER_CITIES]
    listed = "".join(turn.words("elsewhere_line", city=c.name,
                                slot=slot_label(o.starts_at, o.center_name, o.area, turn.language))
                     for c, o in others)
    turn.tell("no_slots", service=service.name, city=city.name, span=slot_search.span_label(*span, turn.language),
              elsewhere=turn.words("free_elsewhere", listed=listed) if listed else "")
    return [*_none_found(), *waitlist.offer(service, city, span[0])]


def _none_found() -> list[dict]:
    return [SlotSet("city", None), SlotSet("offered_slot_ids", None), SlotSet("search_status", "none")]


def _ask_again(turn: Turn, message_id: str) -> list[dict]:
    turn.tell(message_id)
    return [SlotSet("preferred_when", None), SlotSet("when_start", None), SlotSet("when_end", None),
            SlotSet("offered_slot_ids", None), SlotSet("search_status", "none")]


def _offer(turn: Turn, service: Service, city, span, options: list[SlotOption], widened: bool) -> str:
    return turn.words("slots_nearest" if widened else "slots_found", service=service.name, city=city.name,
                      span=slot_search.span_label(*span, turn.language),
                      options=slot_search.options_text(options, turn.language))


class ConfirmBooking(PatientAction):
    def name(self) -> str:
        return "action_confirm_booking"

    def act(self, turn: Turn) -> list[dict]:
        row = _chosen_slot(turn)
        if row is None:
            turn.tell("slot_gone")
            return [SlotSet("menu_context", "main")]
        slot, center, service, price = row
        place = slot_label(slot.starts_at, center.name, center.area, turn.language)
        turn.tell("confirm_summary", service=service.name, place=place, patient=_patient_line(turn),
                  price=price_line(price, center, turn.finance, turn.language))
        return [SlotSet("menu_context", "confirm")]


def price_line(price_paise: int, center: Center, finance, language: str = "en") -> str:
    """The whole amount to pay, with the booking fee inside it named before payment, not at cancellation."""
    split = fees.split(price_paise, center.tier, finance)
    return texts.text("price_with_fee", language, total=rupees(price_paise), scan=rupees(split.partner_share_paise),
                      fee=rupees(split.fee_paise))


def _chosen_slot(turn: Turn):
    slot_id = turn.slot("selected_slot_id")
    if not slot_id:
        return None
    return turn.session.execute(
        select(Slot, Center, Service, CenterService.price_paise)
        .join(Center, Center.id == Slot.center_id).join(Service, Service.id == Slot.service_id)
        .join(CenterService, (CenterService.center_id == Slot.center_id)
              & (CenterService.service_id == Slot.service_id))
        .where(Slot.id == int(slot_id))).first()


def _patient_line(turn: Turn) -> str:
    details = [str(v) for v in (turn.slot("patient_age"), sex_short(turn.slot("patient_sex"))) if v]
    return f"{turn.slot('patient_name')}" + (f" ({', '.join(details)})" if details else "")


class HoldSlot(PatientAction):
    def name(self) -> str:
        return "action_hold_slot"

    def act(self, turn: Turn) -> list[dict]:
        slot_id = turn.slot("selected_slot_id")
        if not slot_id:
            turn.tell("pick_slot_first")
            return [SlotSet("hold_status", "failed"), SlotSet("menu_context", "main")]
        try:
            with turn.session.begin_nested():  # a failed link must not leave a hold behind
                booking = bookings.hold(turn.session, actor=turn.actor, user_id=turn.user.id, slot_id=int(slot_id),
                                        patient=_patient(turn), now=turn.now,
                                        hold_minutes=turn.c.settings.hold_minutes)
                start_checkout(turn.session, booking_id=booking.id, provider=payment_provider(turn.c),
                               finance=turn.finance, now=turn.now)
        except SlotUnavailable as gone:
            if gone.code in (None, "slot_taken"):
                turn.tell("slot_just_taken", slot=turn.slot("selected_slot_label") or turn.words("that_slot"))
            else:  # closed centre, slot withdrawn or started: the patient is told why, then other slots
                turn.tell("slot_refused", reason=refusals.message_for(gone, turn.language))
            return [SlotSet("hold_status", "taken"), SlotSet("selected_slot_id", None)]
        except (ProviderError, DomainError) as error:
            return _failed(turn, error)
        return _held(turn, booking)


def _patient(turn: Turn) -> bookings.PatientDetails:
    age, sex = turn.slot("patient_age"), turn.slot("patient_sex")
    return bookings.PatientDetails(name=turn.slot("patient_name") or turn.user.name,
                                   age=int(age) if age not in (None, "") else None,
                                   sex=Sex(sex) if sex in {s.value for s in Sex} else None)


def _held(turn: Turn, booking: Booking) -> list[dict]:
    payment = start_checkout(turn.session, booking_id=booking.id, provider=payment_provider(turn.c),
                             finance=turn.finance, now=turn.now)
    turn.tell("slot_held", until=clock(booking.hold_expires_at, turn.language), service=booking.service.name,
              place=slot_label(booking.slot.starts_at, booking.center.name, booking.center.area, turn.language),
              ref=booking.reference, amount=rupees(payment.amount_paise), link=payment.link_url,
              expires=clock(payment.expires_at, turn.language))
    return [*forget_booking(), SlotSet("payment_link", payment.link_url), SlotSet("booking_ref", booking.reference),
            SlotSet("menu_context", None), SlotSet("hold_status", "held")]


def _failed(turn: Turn, error: Exception) -> list[dict]:
    reason = turn.words("payment_link_failed") if isinstance(error, ProviderError) \
        else refusals.message_for(error, turn.language)
    turn.tell("hold_failed", reason=reason)
    return [SlotSet("hold_status", "failed")]
