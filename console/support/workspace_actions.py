"""The workspace's action panel. Each POST checks its CSRF token (400), runs one core service in a unit of work
and commits. Success flashes the outcome and goes back to the workspace; a refusal (a missing reason, an illegal
move, an amount over the limit) re-renders the workspace with the reason and a 4xx, and nothing changes."""
from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from sqlalchemy.orm import Session

from console.access import gate
from console.posted import submitted
from console.support import blueprint, outcome, workspace_forms as wf
from console.support.workspace_pages import container, render_workspace
from core.actors import Actor
from core.booking import relocate, service
from core.catalogue import rupees
from core.errors import NotFound
from core.models.bookings import Booking
from core.models.notifications import Channel
from core.models.users import User
from core.notify import manual
from core.payments import credits, link_resend
from core.support import booking_actions, notes


@blueprint.post("/workspace/<int:booking_id>/reschedule")
@gate("booking.reschedule")
def ws_reschedule(booking_id: int):
    form = submitted(wf.RescheduleForm)
    return _perform(booking_id, lambda s, actor: _moved(relocate.reschedule(
        s, actor=actor, booking_id=booking_id, new_slot_id=form.new_slot_id.data or 0, reason=form.reason.data,
        finance=_adapter("finance"), provider=_adapter("payments"))))


@blueprint.post("/workspace/<int:booking_id>/cancel")
@gate("booking.cancel")
def ws_cancel(booking_id: int):
    reason = submitted(wf.ReasonForm).reason.data or ""
    return _perform(booking_id, lambda s, actor: (
        service.cancel(s, actor=actor, booking_id=booking_id, reason=reason)
        and "Booking cancelled; the refund the policy gives follows automatically and the patient is told."))


@blueprint.post("/workspace/<int:booking_id>/confirm")
@gate("booking.confirm")
def ws_confirm(booking_id: int):
    reason = submitted(wf.ReasonForm).reason.data or ""
    return _perform(booking_id, lambda s, actor: (
        booking_actions.confirm_on_behalf(s, actor=actor, booking_id=booking_id, reason=reason)
        and "Confirmed on behalf of the center; the patient is told."))


@blueprint.post("/workspace/<int:booking_id>/credit")
@gate("credit.grant")
def ws_credit(booking_id: int):
    form = submitted(wf.CreditForm)
    return _perform(booking_id, lambda s, actor: _credited(s, actor, booking_id, form))


@blueprint.post("/workspace/<int:booking_id>/refund")
@gate("booking.refund")
def ws_refund(booking_id: int):
    form = submitted(wf.RefundForm)
    return _perform(booking_id, lambda s, actor: _refunded(booking_actions.start_refund(
        s, actor=actor, booking_id=booking_id, amount_paise=wf.paise(form.rupees.data), reason=form.reason.data,
        request_id=form.request_id.data or "", finance=_adapter("finance"))))


@blueprint.post("/workspace/<int:booking_id>/resend-link")
@gate("message.send")
def ws_resend_link(booking_id: int):
    submitted(wf.EmptyForm)
    return _perform(booking_id, lambda s, actor: "Payment link sent again: " + link_resend.resend_link(
        s, actor=actor, booking_id=booking_id, provider=_adapter("payments"), finance=_adapter("finance")).link_url)


@blueprint.post("/workspace/<int:booking_id>/message")
@gate("message.send")
def ws_message(booking_id: int):
    form = submitted(wf.MessageForm)
    return _perform(booking_id, lambda s, actor: _messaged(s, actor, booking_id, form))


def _credited(session: Session, actor: Actor, booking_id: int, form) -> str:
    booking = _booking(session, booking_id)
    credits.issue(session, actor=actor, user_id=booking.user_id, amount_paise=wf.paise(form.rupees.data),
                  reason=form.reason.data or "", finance=_adapter("finance"))
    return f"Credit granted; the balance is now {rupees(credits.balance(session, user_id=booking.user_id))}."


def _messaged(session: Session, actor: Actor, booking_id: int, form) -> str:
    booking = _booking(session, booking_id)
    text = (form.text.data or "").strip()
    if not text and (form.canned.data or "").isdigit():
        text = notes.fill(int(form.canned.data), session, name=booking.patient_name.split()[0],
                          reference=booking.reference, center=booking.center.name, agent=actor_name(session, actor))
    to_center = form.to.data == "center"
    channel = Channel(form.channel.data) if form.channel.data in {c.value for c in Channel} else Channel.WHATSAPP
    manual.send(session, actor=actor, channel=channel, text=text, booking_id=booking.id,
                center_id=booking.center_id if to_center else None, subject=form.subject.data or None,
                request_id=form.request_id.data or None)
    whom = "center" if to_center else "patient"
    return f"Message queued by {channel.value} to the {whom}; its delivery state shows below."


def _moved(moved: relocate.Moved) -> str:
    if moved.payment is not None and moved.difference_paise > 0:
        return f"Moved. The patient was sent a payment link for the difference of {rupees(moved.difference_paise)}."
    if moved.refund is not None:
        state = moved.refund.status.value.replace("_", " ")
        return f"Moved. {rupees(moved.refund.amount_paise)} is being refunded ({state})."
    return "Moved to the new slot; the patient is told."


def _refunded(refund) -> str:
    if refund.status.value == "awaiting_approval":
        return f"Refund of {rupees(refund.amount_paise)} is above the threshold: it waits for an admin's approval."
    return f"Refund of {rupees(refund.amount_paise)} started."


def actor_name(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.user_id)
    return user.name if user else ""


def _perform(booking_id: int, work: Callable[[Session, Actor], str]):
    def checked(session: Session, actor: Actor) -> str:
        _booking(session, booking_id)  # a missing booking is a 404 before anything else
        return work(session, actor)
    return outcome.run(checked, done=url_for("support.booking_workspace", booking_id=booking_id),
                       refused=lambda status: render_workspace(booking_id, status=status))


def _booking(session: Session, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(f"No booking {booking_id}.")
    return booking


def _adapter(name: str):
    return container().adapters[name]
