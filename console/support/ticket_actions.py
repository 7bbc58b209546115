"""What an agent does to a ticket: claim, reassign, change state or priority, escalate to the admins, add a
note or reply (a canned reply filled in). Each POST: CSRF (400), one core call in a unit of work; a refusal
re-renders the ticket with the reason and a 4xx, and nothing changes."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, url_for
from sqlalchemy.orm import Session

from console.access import gate
from console.posted import submitted
from console.support import blueprint, outcome, ticket_forms as tf
from console.support.ticket_pages import render_ticket
from console.support.workspace_actions import actor_name
from core import tickets
from core.actors import Actor
from core.clock import now_utc
from core.errors import ValidationError
from core.models.bookings import Booking
from core.models.notifications import Channel
from core.notify import manual
from core.support import escalations, notes, queue


@blueprint.post("/tickets/<int:ticket_id>/claim")
@gate("ticket.handle")
def ticket_claim(ticket_id: int):
    submitted(tf.EmptyForm)
    return _perform(ticket_id, lambda s, a: queue.claim(s, actor=a, ticket_id=ticket_id) and "You have the ticket.")


@blueprint.post("/tickets/<int:ticket_id>/assign")
@gate("ticket.handle")
def ticket_assign(ticket_id: int):
    chosen = submitted(tf.AssignForm).assignee_id.data or ""
    if not chosen.isdigit():
        abort(422, "Pick who the ticket goes to.")
    return _perform(ticket_id, lambda s, a: tickets.assign(s, actor=a, ticket_id=ticket_id, assignee_id=int(chosen))
                    and "Reassigned.")


@blueprint.post("/tickets/<int:ticket_id>/state")
@gate("ticket.handle")
def ticket_state(ticket_id: int):
    form = submitted(tf.StateForm)
    return _perform(ticket_id, lambda s, a: _change_state(s, a, ticket_id, form.state.data, form.reason.data or ""))


@blueprint.post("/tickets/<int:ticket_id>/priority")
@gate("ticket.handle")
def ticket_priority(ticket_id: int):
    form = submitted(tf.PriorityForm)
    return _perform(ticket_id, lambda s, a: escalations.set_priority(
        s, actor=a, ticket_id=ticket_id, priority=form.priority.data or "", reason=form.reason.data or "")
        and "Priority changed; the SLA clock follows it.")


@blueprint.post("/tickets/<int:ticket_id>/escalate")
@gate("ticket.handle")
def ticket_escalate(ticket_id: int):
    reason = submitted(tf.EscalateForm).reason.data or ""
    return _perform(ticket_id, lambda s, a: escalations.escalate_to_admin(s, actor=a, ticket_id=ticket_id, reason=reason)
                    and "Escalated: the admins see it in their queue and are alerted.")


@blueprint.post("/tickets/<int:ticket_id>/note")
@gate("ticket.handle")
def ticket_note(ticket_id: int):
    form = submitted(tf.NoteForm)
    return _perform(ticket_id, lambda s, a: _note(s, a, ticket_id, form))


def _change_state(session: Session, actor: Actor, ticket_id: int, state: str | None, reason: str) -> str:
    if state == "pending":
        tickets.set_pending(session, actor=actor, ticket_id=ticket_id, waiting_on=reason)
    elif state == "resolved":
        tickets.resolve(session, actor=actor, ticket_id=ticket_id, resolution=reason)
    elif state == "closed":
        tickets.close(session, actor=actor, ticket_id=ticket_id)
    elif state == "open":
        tickets.reopen(session, actor=actor, ticket_id=ticket_id, reason=reason)
    else:
        raise ValidationError("Pick pending, resolved, closed or reopen.")
    return f"The ticket is {'open again' if state == 'open' else state}."


def _note(session: Session, actor: Actor, ticket_id: int, form) -> str:
    ticket = tickets.get(session, ticket_id)
    body = (form.body.data or "").strip()
    if not body and (form.canned.data or "").isdigit():
        booking = session.get(Booking, ticket.booking_id) if ticket.booking_id else None
        body = notes.fill(int(form.canned.data), session, agent=actor_name(session, actor),
                          name=(booking.patient_name.split()[0] if booking else ""),
                          reference=booking.reference if booking else "", center=booking.center.name if booking else "")
    internal = bool(form.internal.data)
    notes.add_note(session, actor=actor, ticket_id=ticket.id, body=body, internal=internal, now=now_utc())
    if internal or ticket.user_id is None:
        return "Note added." if internal else "Reply added; the center sees it on its escalation."
    manual.send(session, actor=actor, channel=Channel.WHATSAPP, text=body, patient_id=ticket.user_id,
                booking_id=ticket.booking_id)
    return "Reply sent to the patient on WhatsApp and kept on the ticket."


def _perform(ticket_id: int, work: Callable[[Session, Actor], str]):
    return outcome.run(work, done=url_for("support.ticket", ticket_id=ticket_id),
                       refused=lambda status: render_ticket(ticket_id, status=status))
