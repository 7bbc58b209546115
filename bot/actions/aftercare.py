"""After booking: where the refund is, where the centre is, the GST invoice, and fixing the patient's details."""
from __future__ import annotations

import re

from rasa_sdk.events import SlotSet

from bot.actions.manage import LIVE, ask_which, chosen_booking
from bot.actions.patient_form import read_age, read_name, read_sex
from bot.actions.runtime import PatientAction, Turn
from bot.actions.wording import when
from core.booking import patient_details, queries
from core.catalogue import rupees
from core.models.bookings import Booking, BookingStatus
from core.models.refunds import RefundStatus
from core.payments import invoice_links, patient_view

S = BookingStatus
REFUND_WORDS = {
    RefundStatus.AWAITING_APPROVAL: "approved by our team shortly, then sent",
    RefundStatus.QUEUED: "approved, being sent to your bank",
    RefundStatus.PENDING: "sent to your bank; it reaches your original payment method in 5-7 working days",
    RefundStatus.PROCESSED: "credited",
    RefundStatus.FAILED: "failed at the bank; our team will retry or contact you",
    RefundStatus.REJECTED: "not approved",
}


def _bookings(turn: Turn) -> list[Booking]:
    return queries.list_for_user(turn.session, actor=turn.actor, user_id=turn.user.id)


def _named_or(turn: Turn, fits) -> Booking | None:
    """The booking named (or the only live one), else the newest booking that `fits`."""
    booking = chosen_booking(turn)
    if booking is not None or turn.slot("booking_ref"):
        return booking
    return next((b for b in _bookings(turn) if fits(b)), None)


class RefundStatusAction(PatientAction):
    def name(self) -> str:
        return "action_refund_status"

    def act(self, turn: Turn) -> list[dict]:
        booking = _named_or(turn, lambda b: b.status in (S.CANCELLED, S.EXPIRED))
        if booking is None:
            if not turn.slot("booking_ref"):
                turn.say("I don't see a cancelled booking on this number, so no refund is due. "
                         "Reply *2* to see your bookings, or *agent* to ask our team.")
            return []
        refunds = patient_view.refunds_for(turn.session, actor=turn.actor, booking=booking)
        turn.say(_refund_text(booking, refunds))
        return [SlotSet("booking_ref", booking.reference)]


def _refund_text(booking: Booking, refunds) -> str:
    label = f"*{booking.reference}* ({booking.service.name}, {when(booking.slot.starts_at)})"
    if not refunds:
        if booking.status in LIVE:
            return (f"{label} is still active, so there is no refund. Reply *cancel {booking.reference}* "
                    "to cancel it and see what you would get back.")
        return f"{label}: no refund is due on it (nothing was charged, or the cancellation came too late)."
    lines = [f"{rupees(r.amount_paise)}: {REFUND_WORDS[r.status]}"
             + (f" on {when(r.processed_at)}" if r.processed_at else "") for r in refunds]
    return f"Refund for {label}:\n" + "\n".join(lines)


class CenterLocation(PatientAction):
    def name(self) -> str:
        return "action_center_location"

    def act(self, turn: Turn) -> list[dict]:
        booking = _named_or(turn, lambda b: b.status in LIVE)
        if booking is None:
            return [] if turn.slot("booking_ref") else ask_which(turn, "find the centre of")
        turn.say(_where(booking))
        return [SlotSet("booking_ref", booking.reference)]


def _where(booking: Booking) -> str:
    center = booking.center
    head = f"*{center.name}* for {booking.reference} ({when(booking.slot.starts_at)})"
    if booking.status not in (S.CONFIRMED, S.COMPLETED):
        # Same rule as the booking details: the full address only once the centre has confirmed.
        return (f"{head}\nArea: {center.area}, {center.city.name}. The full address, map and phone "
                "come as soon as the centre confirms (usually within an hour of payment).")
    maps = f"https://maps.google.com/?q={center.latitude:.6f},{center.longitude:.6f}"
    return (f"{head}\n{center.address}, {center.area}, {center.city.name} {center.pincode}\n"
            f"Map: {maps}\nCentre phone: {center.phone}\nPlease arrive 15 minutes early.")


class SendInvoice(PatientAction):
    def name(self) -> str:
        return "action_send_invoice"

    def act(self, turn: Turn) -> list[dict]:
        booking = _named_or(turn, lambda b: b.paid_at is not None)
        if booking is None:
            if not turn.slot("booking_ref"):
                turn.say("I don't see a paid booking on this number yet; the invoice is issued when you pay.")
            return []
        invoice = patient_view.invoice_for(turn.session, actor=turn.actor, booking=booking)
        if invoice is None:
            turn.say(f"*{booking.reference}* has no invoice yet: it is issued as soon as the payment is received.")
            return [SlotSet("booking_ref", booking.reference)]
        settings = turn.c.settings
        link = invoice_links.url(invoice.id, base_url=settings.public_base_url,
                                 secret=settings.secret_key)  # the console's invoice route checks it
        turn.say(f"GST invoice *{invoice.number}* for {booking.reference} ({rupees(invoice.total_paise)}) 🧾\n"
                 f"{link}\nThe link works for 7 days.")
        return [SlotSet("booking_ref", booking.reference)]


class ChangePatientDetails(PatientAction):
    """'name galat hai' asks what to change; 'name Sunita Sharma' / 'age 62' / 'female' changes only that."""

    def name(self) -> str:
        return "action_change_patient_details"

    def act(self, turn: Turn) -> list[dict]:
        pending = turn.slot("pending_action") == "change_patient"
        if pending and turn.intent == "deny":
            turn.say("Okay, the details stay as they are ✅")
            return [SlotSet("pending_action", None)]
        booking = chosen_booking(turn)
        if booking is None:
            ask_which(turn, "correct")
            return [SlotSet("pending_action", None)]
        changes = read_corrections(turn.text, turn.tracker.latest_message.get("entities") or [])
        if pending and not changes and _bare_name(turn.text):
            changes = {"name": _bare_name(turn.text)}
        if not changes:
            turn.say(f"*{booking.reference}* is for {_who(booking)}. What should it say? Send e.g. "
                     "*name Sunita Sharma*, *age 62* or *sex female*.")
            return [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", "change_patient")]
        patient_details.correct(turn.session, actor=turn.actor, booking_id=booking.id, **changes)
        turn.say(f"Updated ✅ *{booking.reference}* is now for {_who(booking)}.")
        return [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", None)]


def _bare_name(text: str) -> str | None:
    """A reply that is only a name ("sunita sharma"), when the bot has just asked what to change."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(read_sex(w) for w in words):
        return None
    return read_name(text)


def _who(booking: Booking) -> str:
    parts = [booking.patient_name, f"{booking.patient_age} yrs" if booking.patient_age is not None else None,
             booking.patient_sex.value if booking.patient_sex else None]
    return ", ".join(p for p in parts if p)


_FIELD = re.compile(r"\b(?:name|naam|nam)\b\s*(?:is|should be|hai|to|karo|kar do|:|-)?\s*(?P<name>[^\d,]+)?"
                    r"|\b(?:age|umar|umr|umra)\b\D*(?P<age>\d{1,3})"
                    r"|\b(?:sex|gender|ling)\b\W*(?P<sex>\w+)", re.IGNORECASE)


def read_corrections(text: str, entities: list[dict]) -> dict:
    """The fields a correction names: {'name': ..., 'age': ..., 'sex': ...}, only those given."""
    found: dict = {}
    for match in _FIELD.finditer(text or ""):
        if match.group("name"):
            name = read_name(_NOT_NAME.sub("", match.group("name")).strip())
            if name:
                found["name"] = name
        if match.group("age") and read_age(match.group("age")) is not None:
            found["age"] = read_age(match.group("age"))
        if match.group("sex") and read_sex(match.group("sex")):
            found["sex"] = read_sex(match.group("sex"))
    words = re.findall(r"\w+", (text or "").lower())
    sex = next((read_sex(w) for w in words if len(w) > 2 and read_sex(w)), None)
    if sex and "sex" not in found:
        found["sex"] = sex
    age = next((e.get("value") for e in entities if e.get("entity") == "age"), None)
    if age and "age" not in found:
        found["age"] = read_age(str(age))
    return {k: v for k, v in found.items() if v is not None}


_NOT_NAME = re.compile(r"\b(galat|wrong|hai|is|please|pls|karo|kar do|change|badlo|sahi|likha|to|should be)\b",
                       re.IGNORECASE)
