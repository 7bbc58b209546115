"""Outbox handlers: domain events turned into notifications for the patient (and the center).

Each handler gathers the facts, picks the recipient and queues through notifications.outgoing; texts
live in the registry, transports in adapters/, sending in notifications.jobs. Handlers run inside the
outbox delivery transaction and may run twice: the dedup key makes the second run queue nothing.
"""
from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.rasa import RasaUnavailable
from core import documents, topics
from core.actors import Actor
from core.catalogue import rupees
from core.clock import now_utc, show
from core.conversations import log, outbound
from core.messaging import within_window
from core.models import Booking, BookingStatus, Role, Slot, Ticket, User
from core.models.conversations import ConversationState
from core.models.invoices import Invoice
from core.models.refunds import Refund
from core.payments import cancellation, checkout, invoice_links
from notifications import facts, recipients, reminders
from notifications.outgoing import notify

_log = logging.getLogger(__name__)
REPORT_LINK_SECONDS = 24 * 3600
WHO = {"patient": "you", "partner_staff": "the center", "support_agent": "MedEzy support",
       "ops_manager": "MedEzy", "system": "MedEzy", "super_admin": "MedEzy"}


def on_booking_paid(session: Session, payload: dict, c) -> None:
    booking = session.get(Booking, payload["booking_id"])
    _to_patient(session, c, booking, "booking_paid")
    notify(session, c.settings, trigger="center_new_booking", event=f"center_new_booking:{booking.id}",
           to=recipients.center(booking.center), variables=facts.booking(booking), booking_id=booking.id)
    _send_invoice(session, booking, c)


def _send_invoice(session: Session, booking: Booking, c) -> None:
    """The GST bill: the PDF by email, a signed link on WhatsApp."""
    invoice = session.scalar(select(Invoice).where(Invoice.booking_id == booking.id))
    if invoice is None:
        return
    link = invoice_links.url(invoice.id, base_url=c.settings.public_base_url,
                             secret=c.settings.secret_key)
    _to_patient(session, c, booking, "invoice", number=invoice.number, link=link,
                attachments=[{"kind": "invoice", "id": invoice.id}])


def on_booking_confirmed(session: Session, payload: dict, c) -> None:
    _to_patient(session, c, session.get(Booking, payload["booking_id"]), "booking_confirmed")


def on_booking_rescheduled(session: Session, payload: dict, c) -> None:
    booking = session.get(Booking, payload["booking_id"])
    reminders.cancel_for_booking(session, booking.id, reason="booking was rescheduled")
    _alert_new_center(session, c, booking, payload)
    if payload.get("by") == Role.PATIENT.value:
        return  # they moved it themselves in the chat, which already showed the new time
    old = session.get(Slot, payload["from_slot_id"])
    _to_patient(session, c, booking, "booking_rescheduled", event=f"{payload['from_slot_id']}-{booking.slot_id}",
                was=show(old.starts_at) if old is not None else "the earlier time")


def _alert_new_center(session: Session, c, booking: Booking, payload: dict) -> None:
    """A paid booking moved to another center reaches it as a new paid booking does (an unpaid hold does not)."""
    moved_in = payload.get("from_center_id") not in (None, booking.center_id)
    if moved_in and booking.status is BookingStatus.PENDING:
        notify(session, c.settings, trigger="center_new_booking",
               event=f"center_new_booking:{booking.id}:moved:{booking.slot_id}", to=recipients.center(booking.center),
               variables=facts.booking(booking), booking_id=booking.id)


def on_booking_cancelled(session: Session, payload: dict, c) -> None:
    """Whoever cancelled, the patient hears it, with the refund the policy gives."""
    booking = session.get(Booking, payload["booking_id"])
    reminders.cancel_for_booking(session, booking.id, reason="booking was cancelled")
    refund, short = _refund_sentence(session, booking, payload.get("by", "system"), c.adapters["finance"])
    _to_patient(session, c, booking, "booking_cancelled", by=WHO.get(payload.get("by"), "MedEzy"), refund=refund,
                refund_short=short)


def _refund_sentence(session: Session, booking: Booking, by: str, finance) -> tuple[str, str]:
    # The payments subscriber of the same event may already have requested the refund; its row wins.
    requested = cancellation.refunds_of_cancellation(session, booking_id=booking.id)
    due = None if requested else cancellation.owed(session, booking=booking, cancelled_by=Role(by),
                                                   at=booking.updated_at or now_utc(), finance=finance)
    if not requested and due is None:
        return "No payment was taken, so there is nothing to refund.", "Nothing was charged."
    paise = sum(r.amount_paise for r in requested) if requested else due.amount_paise
    if paise == 0:
        return f"No refund applies: {due.decision.reason}.", "No refund applies."
    amount = rupees(paise)
    return (f"A refund of {amount} is on its way; it reaches your original payment method in 5-7 working days.",
            f"Refund {amount} in 5-7 days.")


def on_report_ready(session: Session, payload: dict, c) -> None:
    """Every upload is announced (a second scan's file is news too) with a link to each label's newest file."""
    booking = session.get(Booking, payload["booking_id"])
    _to_patient(session, c, booking, "report_ready", event=str(payload.get("document_id", "")),
                link=_report_links(session, c, booking))


def _report_links(session: Session, c, booking: Booking) -> str:
    """One expiring link per report label ("MRI Brain: <url>" lines); a single file is just its link."""
    patient = Actor(Role.PATIENT, booking.user_id)
    files = documents.newest_reports(session, actor=patient, booking_id=booking.id)
    links = [(d.label, documents.report_file_link(session, c.adapters["storage"], actor=patient, booking_id=booking.id,
                                                  document_id=d.id, expires_in=REPORT_LINK_SECONDS)) for d in files]
    if len(links) == 1:
        return links[0][1]
    return "\n".join(f"{label or 'Report'}: {url}" for label, url in links)


def on_payment_failed(session: Session, payload: dict, c) -> None:
    """Offer a fresh link while the hold lasts; a lapsed hold gets nothing (the patient picks again)."""
    booking = session.get(Booking, payload["booking_id"])
    if booking.status is not BookingStatus.HELD or booking.hold_expires_at <= now_utc():
        return
    payment = checkout.retry_checkout(session, booking_id=booking.id, provider=c.adapters["payments"],
                                     finance=c.adapters["finance"])
    _to_patient(session, c, booking, "payment_retry", event=str(payment.id), link=payment.link_url,
                until=show(booking.hold_expires_at))


def on_refund_issued(session: Session, payload: dict, c) -> None:
    refund = session.get(Refund, payload["refund_id"])
    booking = session.get(Booking, refund.booking_id)
    _to_patient(session, c, booking, "refund_issued", event=str(refund.id), amount=rupees(refund.amount_paise))


def on_refund_decided(session: Session, payload: dict, c) -> None:
    """A refund that waited for approval: the patient hears whether it is on its way, or why not."""
    refund = session.get(Refund, payload["refund_id"])
    booking = session.get(Booking, refund.booking_id)
    trigger = "refund_approved" if payload["approved"] else "refund_rejected"
    _to_patient(session, c, booking, trigger, event=str(refund.id), amount=rupees(refund.amount_paise),
                reason=refund.failure_reason or "")


def on_booking_completed(session: Session, payload: dict, c) -> None:
    """Ask for the 0-10 score through rasa when we can, so the reply lands in the bot's feedback form."""
    booking = session.get(Booking, payload["booking_id"])
    if booking.user.phone and _asked_through_rasa(session, booking, c):
        return
    _to_patient(session, c, booking, "nps_request")


def _asked_through_rasa(session: Session, booking: Booking, c) -> bool:
    conversation = log.get_or_create(session, phone=booking.user.phone, profile_name=booking.user.name)
    if conversation.state is not ConversationState.BOT or not within_window(conversation.last_inbound_at, now_utc()):
        return False
    try:
        replies = c.adapters["rasa"].trigger_intent(conversation.rasa_sender_id, "EXTERNAL_nps_request",
                                                    {"booking_ref": booking.reference})
    except RasaUnavailable:
        _log.warning("NPS question for %s not asked through rasa: unavailable; sending the plain text",
                     booking.reference)
        return False
    for reply in replies:
        outbound.send_text(session, c.adapters["messaging"], conversation=conversation, body=reply.text,
                           buttons=reply.buttons)
    return True


def on_ticket_updated(session: Session, payload: dict, c) -> None:
    ticket = session.get(Ticket, payload["ticket_id"])
    notify(session, c.settings, trigger="ticket_update", event=f"ticket_update:{ticket.id}:{payload['status']}",
           to=recipients.patient(session, session.get(User, ticket.user_id)), booking_id=ticket.booking_id,
           variables={"ticket": str(ticket.id), "subject": ticket.subject, "status": payload["status"]})


def _to_patient(session: Session, c, booking: Booking, trigger: str, *, event: str = "", attachments=None,
               **extra: str) -> None:
    notify(session, c.settings, trigger=trigger, event=f"{trigger}:{booking.id}:{event}".rstrip(":"),
           to=recipients.patient(session, booking.user), variables={**facts.booking(booking), **extra},
           booking_id=booking.id, attachments=attachments)


SUBSCRIPTIONS = {
    topics.BOOKING_PAID: [on_booking_paid],
    topics.BOOKING_CONFIRMED: [on_booking_confirmed],
    topics.BOOKING_RESCHEDULED: [on_booking_rescheduled],
    topics.BOOKING_CANCELLED: [on_booking_cancelled],
    topics.REPORT_READY: [on_report_ready],
    topics.BOOKING_COMPLETED: [on_booking_completed],
    topics.PAYMENT_FAILED: [on_payment_failed],
    topics.REFUND_ISSUED: [on_refund_issued],
    topics.TICKET_UPDATED: [on_ticket_updated],
    topics.REFUND_DECIDED: [on_refund_decided],
}
