"""Existing bookings: the list, one booking's details, and where its payment stands."""
from __future__ import annotations

from rasa_sdk.events import SlotSet
from sqlalchemy import select

from bot.actions.runtime import PatientAction, Turn, payment_provider
from bot.actions.timeparse import parse_menu_choice
from bot.actions.wording import clock, numbered, when
from core.booking import queries
from core.catalogue import rupees
from core.errors import NotFound
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment, PaymentStatus
from core.payments.checkout import retry_checkout, start_checkout

S = BookingStatus
LIVE = (S.HELD, S.PENDING, S.CONFIRMED)
LISTED = 5


def chosen_booking(turn: Turn) -> Booking | None:
    """The booking the patient means: the one named (or picked), else their only live one."""
    reference = turn.slot("booking_ref")
    if reference:
        try:
            return queries.get_by_reference(turn.session, actor=turn.actor, reference=reference)
        except NotFound:
            turn.tell("booking_not_found", ref=reference.upper())
            return None
    live = [b for b in _bookings(turn) if b.status in LIVE]
    return live[0] if len(live) == 1 else _picked_from_list(turn, live)


def _picked_from_list(turn: Turn, live: list[Booking]) -> Booking | None:
    """'cancel the first one' after a list of bookings: that line of the list the patient saw."""
    shown = (turn.slot("menu_items") or []) if turn.slot("menu_context") == "bookings" else []
    words = " ".join(w for w in turn.text.lower().split() if w not in _VERBS)
    choice = parse_menu_choice(words, len(shown)) if shown and words else None
    reference = shown[choice - 1] if choice else None
    return next((b for b in live if b.reference == reference), None)


# Words around an ordinal that name what to do with the booking, not which one.
_VERBS = {"cancel", "cancle", "reschedule", "move", "shift", "details", "detail", "booking", "appointment",
          "karo", "kar", "do", "dijiye", "wali", "wala", "of", "show", "see", "change"}


def _bookings(turn: Turn) -> list[Booking]:
    return queries.list_for_user(turn.session, actor=turn.actor, user_id=turn.user.id)


def ask_which(turn: Turn) -> list[dict]:
    """Several (or no) live bookings: list them and ask which one."""
    live = [b for b in _bookings(turn) if b.status in LIVE][:LISTED]
    if not live:
        turn.respond("utter_no_bookings")
        return []
    turn.tell("which_booking", ref=live[0].reference, lines=numbered(_line(turn, b) for b in live))
    return [SlotSet("menu_context", "bookings"), SlotSet("menu_items", [b.reference for b in live])]


def status_label(turn: Turn, booking: Booking) -> str:
    """'Confirmed' / 'पक्की': the patient's four words for the seven states, in their language."""
    return turn.words(f"status_{booking.status.patient_label.lower()}")


def _line(turn: Turn, booking: Booking) -> str:
    return " · ".join((booking.reference, booking.service.name, when(booking.slot.starts_at, turn.language),
                       status_label(turn, booking)))


class MyBookings(PatientAction):
    def name(self) -> str:
        return "action_my_bookings"

    def act(self, turn: Turn) -> list[dict]:
        everything = _bookings(turn)
        live = sorted((b for b in everything if b.status in LIVE), key=lambda b: b.slot.starts_at)
        shown = (live + [b for b in everything if b.status not in LIVE])[:LISTED]
        if not shown:
            turn.respond("utter_no_bookings")
            return []
        portal = f"{turn.c.settings.public_base_url.rstrip('/')}/me/"  # the full history, reports and invoices
        turn.tell("your_bookings", lines=numbered(_line(turn, b) for b in shown), portal=portal)
        return [SlotSet("menu_context", "bookings"), SlotSet("menu_items", [b.reference for b in shown])]


class BookingDetails(PatientAction):
    def name(self) -> str:
        return "action_booking_details"

    def act(self, turn: Turn) -> list[dict]:
        booking = chosen_booking(turn)
        if booking is None:
            return [] if turn.slot("booking_ref") else ask_which(turn)
        turn.say(details(turn, booking))
        return [SlotSet("booking_ref", booking.reference)]


def details(turn: Turn, booking: Booking) -> str:
    """Area only until the centre confirms; then the full address and how to prepare."""
    head = turn.words("booking_head", ref=booking.reference, status=status_label(turn, booking),
                      service=booking.service.name, patient=booking.patient_name,
                      when=when(booking.slot.starts_at, turn.language))
    center = booking.center
    if booking.status in (S.CONFIRMED, S.COMPLETED):
        return turn.words("details_confirmed", head=head, center=center.name, phone=center.phone,
                          address=f"{center.address}, {center.area}, {center.city.name} {center.pincode}",
                          prep=booking.service.prep_instructions)
    place = turn.words("details_area_only", head=head, center=center.name, area=center.area)
    return f"{place}\n\n{_payment_note(turn, booking)}" if booking.status in LIVE else place


def _payment_note(turn: Turn, booking: Booking) -> str:
    if booking.status is S.PENDING:
        return turn.words("paid_awaiting_centre")
    if booking.status is S.CONFIRMED:
        return turn.words("paid_confirmed")
    payment = live_link(turn, booking)
    if payment is None:
        return turn.words("hold_lapsed")
    return turn.words("payment_pending_link", amount=rupees(payment.amount_paise),
                      expires=clock(payment.expires_at, turn.language),
                      link=payment.link_url)


def live_link(turn: Turn, booking: Booking, *, fresh: bool = False) -> Payment | None:
    """The payment link of a held booking whose hold still lasts (a new one if `fresh`), else None."""
    if booking.status is not S.HELD or booking.hold_expires_at is None or booking.hold_expires_at <= turn.now:
        return None
    checkout = retry_checkout if fresh else start_checkout
    return checkout(turn.session, booking_id=booking.id, provider=payment_provider(turn.c), finance=turn.finance,
                    now=turn.now)


class PaymentStatusAction(PatientAction):
    def name(self) -> str:
        return "action_payment_status"

    def act(self, turn: Turn) -> list[dict]:
        booking = chosen_booking(turn) or _latest(turn)
        if booking is None:
            return [] if turn.slot("booking_ref") else ask_which(turn)
        turn.say(_payment_status(turn, booking))
        return [SlotSet("booking_ref", booking.reference)]


def _latest(turn: Turn) -> Booking | None:
    everything = _bookings(turn)
    return everything[0] if everything else None


def _payment_status(turn: Turn, booking: Booking) -> str:
    label = f"*{booking.reference}* ({booking.service.name}, {when(booking.slot.starts_at, turn.language)})"
    if booking.status is S.HELD:
        payment = live_link(turn, booking, fresh=_wants_new_link(turn, booking))
        if payment is not None:
            return turn.words("status_pending_link", label=label, amount=rupees(payment.amount_paise),
                              expires=clock(payment.expires_at, turn.language), link=payment.link_url)
    if booking.status in (S.HELD, S.EXPIRED):
        return turn.words("status_lapsed", label=label, money=_late_money(turn, booking))
    if booking.status is S.PENDING:
        return turn.words("status_paid_awaiting", label=label)
    if booking.status in (S.CONFIRMED, S.COMPLETED):
        return turn.words("status_confirmed", label=label)
    return turn.words("status_cancelled", label=label)


def _wants_new_link(turn: Turn, booking: Booking) -> bool:
    latest = turn.session.scalar(select(Payment).where(Payment.booking_id == booking.id)
                                 .order_by(Payment.id.desc()).limit(1))
    failed = latest is not None and latest.status in (PaymentStatus.FAILED, PaymentStatus.EXPIRED)
    return failed or turn.intent == "retry_payment"


def _late_money(turn: Turn, booking: Booking) -> str:
    paid = turn.session.scalar(select(Payment).where(Payment.booking_id == booking.id,
                                                     Payment.status == PaymentStatus.PAID))
    if paid is None:
        return turn.words("nothing_charged")
    return turn.words("late_payment_refunded")
