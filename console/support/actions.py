"""What an agent does to a conversation. Each POST checks its CSRF token, runs one service call in a
unit of work, commits, and comes back to the conversation with the outcome (or the service's refusal)
as a flash message: a domain error never becomes a 500 here."""
from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash, redirect, url_for
from sqlalchemy.orm import Session

from console import posted
from console.auth import current_actor
from console.support import blueprint, forms, inbox
from core import tickets
from core.actors import Actor
from core.conversations import log, outbound, takeover
from core.errors import DomainError, Forbidden, ValidationError
from core.messaging import OutsideWindow
from core.models.conversations import Author, ConversationState
from core.models.tickets import TicketStatus
from core.support import escalations

# The approved WhatsApp template inviting the patient to write again (which reopens the 24-hour window).
# Its text lives with the provider: "Hi {{name}}, MedEzy support here about your request. Please reply
# to this message so we can continue."
FOLLOW_UP_TEMPLATE = "support_follow_up"
Outcome = tuple[str, str]  # (flash category, message)


@blueprint.post("/conversations/<int:conversation_id>/take-over")
def take_over(conversation_id: int):
    posted.submitted(forms.ActionForm)
    return _perform(conversation_id, lambda session, actor: _take_over(session, actor, conversation_id))


@blueprint.post("/conversations/<int:conversation_id>/reply")
def reply(conversation_id: int):
    body = posted.submitted(forms.ReplyForm).body.data
    return _perform(conversation_id, lambda session, actor: _reply(session, actor, conversation_id, body))


@blueprint.post("/conversations/<int:conversation_id>/follow-up")
def follow_up(conversation_id: int):
    posted.submitted(forms.ActionForm)
    return _perform(conversation_id, lambda session, actor: _follow_up(session, actor, conversation_id))


@blueprint.post("/conversations/<int:conversation_id>/hand-back")
def hand_back(conversation_id: int):
    posted.submitted(forms.ActionForm)
    return _perform(conversation_id, lambda session, actor: _hand_back(session, actor, conversation_id))


@blueprint.post("/conversations/<int:conversation_id>/tickets")
def open_ticket(conversation_id: int):
    subject = posted.submitted(forms.OpenTicketForm).subject.data
    return _perform(conversation_id, lambda session, actor: _open_ticket(session, actor, conversation_id, subject))


@blueprint.post("/conversations/<int:conversation_id>/tickets/<int:ticket_id>/escalate")
def escalate(conversation_id: int, ticket_id: int):
    reason = posted.submitted(forms.EscalateForm).reason.data
    return _perform(conversation_id, lambda session, actor: _escalate(session, actor, ticket_id, reason))


@blueprint.post("/conversations/<int:conversation_id>/tickets/<int:ticket_id>/resolve")
def resolve(conversation_id: int, ticket_id: int):
    resolution = posted.submitted(forms.ResolveForm).resolution.data
    return _perform(conversation_id, lambda session, actor: _resolve(session, actor, ticket_id, resolution))


def _take_over(session: Session, actor: Actor, conversation_id: int) -> Outcome:
    takeover.take_over(session, actor=actor, conversation_id=conversation_id)
    ticket = inbox.ticket_for(session, conversation_id)
    if (ticket is not None and ticket.status is not TicketStatus.RESOLVED and ticket.assignee_id is None
            and actor.role in tickets.STAFF_ROLES):
        tickets.assign(session, actor=actor, ticket_id=ticket.id, assignee_id=actor.user_id)
    return "success", "You are handling this conversation now; the bot stays quiet until you hand it back."


def _reply(session: Session, actor: Actor, conversation_id: int, body: str | None) -> Outcome:
    message = takeover.agent_reply(session, _messaging(), actor=actor, conversation_id=conversation_id,
                                   body=body or "")
    return _delivery(message)


def _follow_up(session: Session, actor: Actor, conversation_id: int) -> Outcome:
    conversation = log.get(session, conversation_id)
    # outbound.send_template checks no ownership; keep the same rule as agent_reply.
    if conversation.state is not ConversationState.AGENT or conversation.agent_id != actor.user_id:
        raise Forbidden("Take the conversation over before messaging the patient.")
    name = (conversation.user.name if conversation.user else conversation.profile_name) or "there"
    message = outbound.send_template(session, _messaging(), conversation=conversation, template=FOLLOW_UP_TEMPLATE,
                                     variables={"name": name.split()[0]}, author=Author.AGENT)
    message.agent_id = actor.user_id
    return _delivery(message)


def _hand_back(session: Session, actor: Actor, conversation_id: int) -> Outcome:
    takeover.hand_back(session, actor=actor, conversation_id=conversation_id)
    return "success", "Handed back: the bot answers the patient's next message, starting afresh."


def _escalate(session: Session, actor: Actor, ticket_id: int, reason: str | None) -> Outcome:
    ticket = escalations.escalate_to_admin(session, actor=actor, ticket_id=ticket_id, reason=reason or "")
    return "success", f"Ticket {ticket.id} escalated; priority is now {ticket.priority.value}. The admins are alerted."


def _resolve(session: Session, actor: Actor, ticket_id: int, resolution: str | None) -> Outcome:
    ticket = tickets.resolve(session, actor=actor, ticket_id=ticket_id, resolution=resolution or "")
    return "success", f"Ticket {ticket.id} resolved."


def _open_ticket(session: Session, actor: Actor, conversation_id: int, subject: str | None) -> Outcome:
    conversation = log.get(session, conversation_id)
    if conversation.user_id is None:
        raise ValidationError("This WhatsApp number has no registered patient yet, so it cannot have a ticket.")
    ticket = tickets.open_ticket(session, actor=actor, user_id=conversation.user_id, subject=subject or "",
                                 conversation_id=conversation_id)
    return "success", f"Ticket {ticket.id} is open."


def _delivery(message) -> Outcome:
    if message.status == "failed":
        return "error", f"WhatsApp did not accept the message ({message.error}); it is in the log as failed."
    return "success", "Sent."


def _perform(conversation_id: int, work: Callable[[Session, Actor], Outcome]):
    actor = current_actor()
    try:
        with current_app.extensions["medezy"].uow() as uow:
            category, text = work(uow.session, actor)
            uow.commit()
    except DomainError as error:
        category, text = "error", _explain(error)
    flash(text, category)
    return redirect(url_for("support.conversation", conversation_id=conversation_id))


def _explain(error: DomainError) -> str:
    if isinstance(error, OutsideWindow):
        return f"Not sent: {error} Send the follow-up template to invite the patient to write back."
    return str(error)


def _messaging():
    return current_app.extensions["medezy"].adapters["messaging"]
