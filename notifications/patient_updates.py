"""WhatsApp updates to the patient when a booking moves: paid, confirmed, rescheduled, report ready, completed.

Subscribed to outbox topics (the registry in wiring.topics); each handler is `handler(session, payload, c)`
and reaches its adapters through the process container `c`. Inside WhatsApp's 24-hour window we send
text; outside it, the approved template of the same name. Every message lands in the conversation log.
"""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from adapters.rasa import RasaUnavailable
from core import documents, topics
from core.actors import Actor
from core.catalogue import rupees
from core.clock import now_utc, show
from core.conversations import log, outbound
from core.payments import checkout
from core.messaging import within_window
from core.models import Booking, BookingStatus, Role, Slot
from core.models.refunds import Refund
from core.models.conversations import Conversation, ConversationState

_log = logging.getLogger(__name__)
REPORT_LINK_SECONDS = 24 * 3600


def on_booking_paid(session: Session, payload: dict, c) -> None:
    booking = session.get(Booking, payload["booking_id"])
    _send(session, c, booking, "booking_paid", {"ref": booking.reference, "center": booking.center.name},
          f"Payment received for {booking.reference} ✅\n{booking.service.name} at {booking.center}, "
          f"{show(booking.slot.starts_at)}.\nWaiting for the center to confirm; "
          "we'll message you as soon as they do.")


def on_booking_confirmed(session: Session, payload: dict, c) -> None:
    booking = session.get(Booking, payload["booking_id"])
    center = booking.center
    _send(session, c, booking, "booking_confirmed", {"ref": booking.reference, "when": show(booking.slot.starts_at),
                                                     "center": center.name, "address": center.address},
          f"Confirmed ✅ {booking.reference}\n{booking.service.name} for {booking.patient_name}\n"
          f"🗓 {show(booking.slot.starts_at)}\n📍 {center.name}, {center.address} (call {center.phone})\n"
          f"💰 {rupees(booking.price_paise)} paid\n\nHow to prepare: {booking.service.prep_instructions}")


def on_booking_rescheduled(session: Session, payload: dict, c) -> None:
    """The new time, and the old one it replaces, so the patient cannot mix them up."""
    if payload.get("by") == Role.PATIENT.value:
        return  # they moved it themselves in the chat, which already showed the new time
    booking = session.get(Booking, payload["booking_id"])
    old = session.get(Slot, payload["from_slot_id"])
    was = f" (instead of {show(old.starts_at)})" if old is not None else ""
    _send(session, c, booking, "booking_rescheduled",
          {"ref": booking.reference, "when": show(booking.slot.starts_at), "center": booking.center.name},
          f"Rescheduled 🗓 {booking.reference}\n{booking.service.name} is now on *{show(booking.slot.starts_at)}*"
          f"{was} at {booking.center.name}, {booking.center.address}.\n"
          "Reply *my bookings* to see the details.")


def on_report_ready(session: Session, payload: dict, c) -> None:
    booking = session.get(Booking, payload["booking_id"])
    link = documents.report_link(session, c.adapters["storage"], actor=Actor(Role.PATIENT, booking.user_id),
                                 booking_id=booking.id, expires_in=REPORT_LINK_SECONDS)
    _send(session, c, booking, "report_ready", {"ref": booking.reference, "link": link},
          f"Your {booking.service.name} report ({booking.reference}) is ready 📄\n{link}\n"
          "The link works for 24 hours; reply 'send my report' any time for a fresh one.")


def on_payment_failed(session: Session, payload: dict, c) -> None:
    """Offer a fresh link while the hold lasts; a lapsed hold gets a 'pick again' note instead."""
    booking = session.get(Booking, payload["booking_id"])
    if booking.status is not BookingStatus.HELD or booking.hold_expires_at <= now_utc():
        return
    payment = checkout.retry_checkout(session, booking_id=booking.id, provider=c.adapters["payments"],
                                     finance=c.adapters["finance"])
    _send(session, c, booking, "payment_retry", {"ref": booking.reference, "link": payment.link_url},
          f"Your payment for {booking.reference} did not go through. Your slot is still held till "
          f"{show(booking.hold_expires_at)}; try again here:\n{payment.link_url}")


def on_refund_issued(session: Session, payload: dict, c) -> None:
    refund = session.get(Refund, payload["refund_id"])
    booking = session.get(Booking, refund.booking_id)
    _send(session, c, booking, "refund_issued",
          {"ref": booking.reference, "amount": rupees(refund.amount_paise)},
          f"Refund of {rupees(refund.amount_paise)} for {booking.reference} has been processed 💸\n"
          "It reaches your original payment method in 5-7 working days.")


def on_refund_decided(session: Session, payload: dict, c) -> None:
    """A refund that waited for approval: the patient hears whether it is on its way, or why not."""
    refund = session.get(Refund, payload["refund_id"])
    booking = session.get(Booking, refund.booking_id)
    amount = rupees(refund.amount_paise)
    if payload["approved"]:
        _send(session, c, booking, "refund_approved", {"ref": booking.reference, "amount": amount},
              f"Your refund of {amount} for {booking.reference} is approved and on its way 💸\n"
              "We'll message you when it is processed; it then takes 5-7 working days to reach you.")
        return
    _send(session, c, booking, "refund_rejected", {"ref": booking.reference, "amount": amount,
                                                "reason": refund.failure_reason or ""},
          f"We could not approve the refund of {amount} for {booking.reference}: {refund.failure_reason}\n"
          "Reply 'talk to support' if you'd like someone to look at it again.")


def on_booking_completed(session: Session, payload: dict, c) -> None:
    """Ask for the 0-10 score through rasa so the patient's reply lands in the feedback form."""
    booking = session.get(Booking, payload["booking_id"])
    conversation = _conversation(session, booking)
    if conversation is None:
        return
    if conversation.state is ConversationState.BOT and within_window(conversation.last_inbound_at, now_utc()):
        try:
            replies = c.adapters["rasa"].trigger_intent(
                conversation.rasa_sender_id, "EXTERNAL_nps_request", {"booking_ref": booking.reference})
        except RasaUnavailable:
            _log.warning("NPS question for %s not sent: rasa unavailable", booking.reference)
            return
        for reply in replies:
            outbound.send_text(session, c.adapters["messaging"], conversation=conversation, body=reply.text,
                               buttons=reply.buttons)
        return
    outbound.send_template(session, c.adapters["messaging"], conversation=conversation, template="nps_request",
                           variables={"ref": booking.reference, "service": booking.service.name})


def _send(session: Session, c, booking: Booking, template: str, variables: dict[str, str], text: str) -> None:
    conversation = _conversation(session, booking)
    if conversation is None:
        return
    if within_window(conversation.last_inbound_at, now_utc()):
        outbound.send_text(session, c.adapters["messaging"], conversation=conversation, body=text)
    else:
        outbound.send_template(session, c.adapters["messaging"], conversation=conversation, template=template,
                               variables=variables)


def _conversation(session: Session, booking: Booking) -> Conversation | None:
    phone = booking.user.phone
    if not phone:
        _log.info("booking %s: patient has no WhatsApp number; nothing sent", booking.reference)
        return None
    return log.get_or_create(session, phone=phone, profile_name=booking.user.name)


SUBSCRIPTIONS = {
    topics.BOOKING_PAID: [on_booking_paid],
    topics.BOOKING_CONFIRMED: [on_booking_confirmed],
    topics.BOOKING_RESCHEDULED: [on_booking_rescheduled],
    topics.REPORT_READY: [on_report_ready],
    topics.BOOKING_COMPLETED: [on_booking_completed],
    topics.PAYMENT_FAILED: [on_payment_failed],
    topics.REFUND_ISSUED: [on_refund_issued],
    topics.REFUND_DECIDED: [on_refund_decided],
}
