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
REFUND_WORDS = {  # catalogue ids (bot/texts/manage.yml)
    RefundStatus.AWAITING_APPROVAL: "refund_awaiting_approval",
    RefundStatus.QUEUED: "refund_queued",
    RefundStatus.PENDING: "refund_pending",
    RefundStatus.PROCESSED: "refund_processed",
    RefundStatus.FAILED: "refund_failed",
    RefundStatus.REJECTED: "refund_rejected",
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
                turn.tell("no_refund_due_anywhere")
            return []
        refunds = patient_view.refunds_for(turn.session, actor=turn.actor, booking=booking)
        turn.say(_refund_text(turn, booking, refunds))
        return [SlotSet("booking_ref", booking.reference)]


def _refund_text(turn: Turn, booking: Booking, refunds) -> str:
    label = f"*{booking.reference}* ({booking.service.name}, {when(booking.slot.starts_at, turn.language)})"
    if not refunds:
        if booking.status in LIVE:
            return turn.words("refund_still_active", label=label, ref=booking.reference)
        return turn.words("refund_none_due", label=label)
    lines = [f"{rupees(r.amount_paise)}: {turn.words(REFUND_WORDS[r.status])}"
             + (turn.words("refund_on", when=when(r.processed_at, turn.language)) if r.processed_at else "")
             for r in refunds]
    return turn.words("refund_lines", label=label, lines="\n".join(lines))


class CenterLocation(PatientAction):
    def name(self) -> str:
        return "action_center_location"

    def act(self, turn: Turn) -> list[dict]:
        booking = _named_or(turn, lambda b: b.status in LIVE)
        if booking is None:
            return [] if turn.slot("booking_ref") else ask_which(turn)
        turn.say(_where(turn, booking))
        return [SlotSet("booking_ref", booking.reference)]


def _where(turn: Turn, booking: Booking) -> str:
    center = booking.center
    head = turn.words("centre_for_booking", center=center.name, ref=booking.reference,
                      when=when(booking.slot.starts_at, turn.language))
    if booking.status not in (S.CONFIRMED, S.COMPLETED):
        # Same rule as the booking details: the full address only once the centre has confirmed.
        return turn.words("centre_area_only", head=head, area=center.area, city=center.city.name)
    maps = f"https://maps.google.com/?q={center.latitude:.6f},{center.longitude:.6f}"
    return turn.words("centre_address", head=head, map=maps, phone=center.phone,
                      address=f"{center.address}, {center.area}, {center.city.name} {center.pincode}")


class SendInvoice(PatientAction):
    def name(self) -> str:
        return "action_send_invoice"

    def act(self, turn: Turn) -> list[dict]:
        booking = _named_or(turn, lambda b: b.paid_at is not None)
        if booking is None:
            if not turn.slot("booking_ref"):
                turn.tell("no_paid_booking")
            return []
        invoice = patient_view.invoice_for(turn.session, actor=turn.actor, booking=booking)
        if invoice is None:
            turn.tell("no_invoice_yet", ref=booking.reference)
            return [SlotSet("booking_ref", booking.reference)]
        settings = turn.c.settings
        link = invoice_links.url(invoice.id, base_url=settings.public_base_url,
                                 secret=settings.secret_key)  # the console's invoice route checks it
        turn.tell("invoice_link", number=invoice.number, ref=booking.reference, amount=rupees(invoice.total_paise),
                  link=link)
        return [SlotSet("booking_ref", booking.reference)]


class ChangePatientDetails(PatientAction):
    """'name galat hai' asks what to change; 'name Sunita Sharma' / 'age 62' / 'female' changes only that."""

    def name(self) -> str:
        return "action_change_patient_details"

    def act(self, turn: Turn) -> list[dict]:
        pending = turn.slot("pending_action") == "change_patient"
        if pending and turn.intent == "deny":
            turn.tell("details_kept")
            return [SlotSet("pending_action", None)]
        booking = chosen_booking(turn)
        if booking is None:
            ask_which(turn)
            return [SlotSet("pending_action", None)]
        changes = read_corrections(turn.text, turn.tracker.latest_message.get("entities") or [])
        if pending and not changes and _bare_name(turn.text):
            changes = {"name": _bare_name(turn.text)}
        if not changes:
            turn.tell("details_ask_change", ref=booking.reference, who=_who(turn, booking))
            return [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", "change_patient")]
        patient_details.correct(turn.session, actor=turn.actor, booking_id=booking.id, **changes)
        turn.tell("details_updated", ref=booking.reference, who=_who(turn, booking))
        return [SlotSet("booking_ref", booking.reference), SlotSet("pending_action", None)]


def _bare_name(text: str) -> str | None:
    """A reply that is only a name ("sunita sharma"), when the bot has just asked what to change."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(read_sex(w) for w in words):
        return None
    return read_name(text)


def _who(turn: Turn, booking: Booking) -> str:
    parts = [booking.patient_name,
             turn.words("years", age=booking.patient_age) if booking.patient_age is not None else None,
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
