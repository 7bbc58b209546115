"""Changing a booking: cancel (after a yes, stating the refund that applies) and reschedule at the same centre."""
from __future__ import annotations

from datetime import datetime

from rasa_sdk.events import SlotSet

from bot.actions import slot_search
from bot.actions.manage import LIVE, ask_which, chosen_booking, status_label
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


def refund_note(turn: Turn, booking: Booking) -> str:
    """What the patient gets back if they cancel now: the same decision the refund itself will use."""
    due = cancellation.owed(turn.session, booking=booking, cancelled_by=Role.PATIENT, at=turn.now,
                            finance=turn.finance)
    if due is None:
        return turn.words("refund_nothing_charged")
    decision = due.decision
    if due.amount_paise == 0:
        return turn.words("refund_too_late")
    kept = turn.words("fee_kept", fee=rupees(decision.fee_kept_paise)) if decision.fee_kept_paise else ""
    return turn.words("refund_due", amount=rupees(due.amount_paise), percent=decision.percent, kept=kept)


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
            return _no_booking(turn)
        if booking.status not in LIVE:
            turn.tell("cannot_cancel", ref=booking.reference, status=status_label(turn, booking).lower())
            return [SlotSet("pending_action", None)]
        if pending and turn.intent == "affirm":
            return _cancel(turn, booking)
        turn.tell("cancel_ask", ref=booking.reference, service=booking.service.name,
                  when=when(booking.slot.starts_at, turn.language), refund=refund_note(turn, booking))
        return [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", "cancel")]


def _no_booking(turn: Turn) -> list[dict]:
    """No booking to act on: a named one was not found (already said), or list the live ones."""
    listed = [] if turn.slot("booking_ref") else ask_which(turn)
    return [SlotSet("pending_action", None), *listed]


def _cancel(turn: Turn, booking: Booking) -> list[dict]:
    note = refund_note(turn, booking)  # before: the refund is decided from this moment
    bookings.cancel(turn.session, actor=turn.actor, booking_id=booking.id, reason=CANCEL_REASON, now=turn.now)
    turn.tell("cancelled", ref=booking.reference, service=booking.service.name, refund=note)
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
            return _no_booking(turn)
        if booking.status not in LIVE or booking.slot.starts_at <= turn.now:
            turn.tell("cannot_reschedule", ref=booking.reference)
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
        turn.tell("reschedule_none", center=booking.center.name)
        return keep
    turn.tell("reschedule_offer_nearest" if widened else "reschedule_offer", center=booking.center.name,
              area=booking.center.area, options=slot_search.options_text(here, turn.language))
    return [*keep, SlotSet("offered_slot_ids", [str(o.slot_id) for o in here]),
            SlotSet("menu_context", "reschedule_slots")]


def _move(turn: Turn, booking: Booking, slot_id: int) -> list[dict]:
    moved = bookings.reschedule(turn.session, actor=turn.actor, booking_id=booking.id, new_slot_id=slot_id,
                                reason="patient asked on WhatsApp", now=turn.now)
    turn.tell("rescheduled", ref=moved.reference,
              slot=slot_label(moved.slot.starts_at, moved.center.name, moved.center.area, turn.language))
    return [SlotSet("pending_action", None), SlotSet("selected_slot_id", None), SlotSet("offered_slot_ids", None),
            SlotSet("menu_context", None)]
