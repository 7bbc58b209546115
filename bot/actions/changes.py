"""Changing a booking: cancel (after a yes, stating the refund that applies) and reschedule at the same centre."""
from __future__ import annotations

from datetime import datetime

from rasa_sdk.events import SlotSet

from bot.actions import slot_search
from bot.actions.manage import LIVE, ask_which, chosen_booking
from bot.actions.runtime import PatientAction, Turn
from bot.actions.timeparse import parse_when
from bot.actions.wording import slot_label, when
from core.booking import service as bookings
from core.catalogue import rupees
from core.models.bookings import Booking
from core.models.users import Role
from core.payments import cancellation

CANCEL_REASON = "cancelled by the patient on WhatsApp"
RESCHEDULE_OPTIONS = 5
# Reschedules stay at the booking's centre; the search is city-wide, so look deep enough to find 5 there.
CITY_ROWS = 50


def refund_note(session, booking: Booking, at: datetime, finance) -> str:
    """What the patient gets back if they cancel now: the same decision the refund itself will use."""
    due = cancellation.owed(session, booking=booking, cancelled_by=Role.PATIENT, at=at, finance=finance)
    if due is None:
        return "Nothing was charged, so there is nothing to refund."
    decision = due.decision
    if due.amount_paise == 0:
        return "It is less than 4 hours to your slot, so no refund applies."
    kept = f"; the booking fee of {rupees(decision.fee_kept_paise)} is kept" if decision.fee_kept_paise else ""
    return (f"Refund: {rupees(due.amount_paise)} ({decision.percent}% of the scan price{kept}), "
            "to your original payment method in 5-7 working days.")


class CancelBooking(PatientAction):
    def name(self) -> str:
        return "action_cancel_booking"

    def act(self, turn: Turn) -> list[dict]:
        pending = turn.slot("pending_action") == "cancel"
        if pending and turn.intent == "deny":
            turn.respond("utter_cancel_kept")
            return [SlotSet("pending_action", None)]
        booking = chosen_booking(turn)
        if booking is None:
            return _no_booking(turn, "cancel")
        if booking.status not in LIVE:
            turn.say(f"{booking.reference} is {booking.status.patient_label.lower()}; it can't be cancelled.")
            return [SlotSet("pending_action", None)]
        if pending and turn.intent == "affirm":
            return _cancel(turn, booking)
        turn.say(f"Cancel *{booking.reference}* ({booking.service.name}, {when(booking.slot.starts_at)})?\n"
                 f"{refund_note(turn.session, booking, turn.now, turn.finance)}\n\nReply *yes* to cancel or *no* to keep it.")
        return [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", "cancel")]


def _no_booking(turn: Turn, verb: str) -> list[dict]:
    """No booking to act on: a named one was not found (already said), or list the live ones."""
    listed = [] if turn.slot("booking_ref") else ask_which(turn, verb)
    return [SlotSet("pending_action", None), *listed]


def _cancel(turn: Turn, booking: Booking) -> list[dict]:
    note = refund_note(turn.session, booking, turn.now, turn.finance)  # before: the refund is decided from this moment
    bookings.cancel(turn.session, actor=turn.actor, booking_id=booking.id, reason=CANCEL_REASON, now=turn.now)
    turn.say(f"Cancelled ✅ {booking.reference} ({booking.service.name}).\n{note}")
    return [SlotSet("pending_action", None)]


class RescheduleBooking(PatientAction):
    def name(self) -> str:
        return "action_reschedule_booking"

    def act(self, turn: Turn) -> list[dict]:
        pending = turn.slot("pending_action") == "reschedule"
        if pending and turn.intent == "deny":
            turn.respond("utter_reschedule_kept")
            return [SlotSet("pending_action", None)]
        booking = chosen_booking(turn)
        if booking is None:
            return _no_booking(turn, "reschedule")
        if booking.status not in LIVE or booking.slot.starts_at <= turn.now:
            turn.say(f"{booking.reference} can't be rescheduled any more. Reply *agent* if you need help.")
            return [SlotSet("pending_action", None)]
        if pending and turn.slot("menu_choice") == "reschedule_slot" and turn.slot("selected_slot_id"):
            return _move(turn, booking, int(turn.slot("selected_slot_id")))
        wanted = parse_when(turn.text, turn.now)
        if wanted is None or wanted.end <= turn.now:
            turn.respond("utter_ask_reschedule_when")
            return [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", "reschedule")]
        return _offer(turn, booking, max(wanted.start, turn.now), wanted.end)


def _offer(turn: Turn, booking: Booking, start: datetime, end: datetime) -> list[dict]:
    query = slot_search.query_for(booking.service_id, booking.slot.city_id, start, end, limit=CITY_ROWS,
                                  per_center=RESCHEDULE_OPTIONS + 1)
    options, widened = slot_search.search(turn.session, query, user_id=turn.user.id, now=turn.now)
    here = [o for o in options if o.center_id == booking.center_id and o.slot_id != booking.slot_id]
    here = here[:RESCHEDULE_OPTIONS]
    keep = [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", "reschedule")]
    if not here:
        turn.say(f"No free slots at {booking.center.name} around then. Which other day would suit you?")
        return keep
    head = "Nothing free then; the nearest" if widened else "Free"
    turn.say(f"{head} slots at {booking.center.name}, {booking.center.area}:\n{slot_search.options_text(here)}"
             "\n\nReply with the option number, or *no* to keep your booking.")
    return [*keep, SlotSet("offered_slot_ids", [str(o.slot_id) for o in here]),
            SlotSet("menu_context", "reschedule_slots")]


def _move(turn: Turn, booking: Booking, slot_id: int) -> list[dict]:
    moved = bookings.reschedule(turn.session, actor=turn.actor, booking_id=booking.id, new_slot_id=slot_id,
                                reason="patient asked on WhatsApp", now=turn.now)
    turn.say(f"Done ✅ {moved.reference} is now on "
             f"{slot_label(moved.slot.starts_at, moved.center.name, moved.center.area)}.")
    return [SlotSet("pending_action", None), SlotSet("selected_slot_id", None), SlotSet("offered_slot_ids", None),
            SlotSet("menu_context", None)]
