"""Inbox pages: the conversation list, one conversation, and the JSON the conversation page polls."""
from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for

from console.auth import current_actor
from console.support import blueprint, files, forms, inbox
from console.support.display import message_json
from core.booking import queries as bookings
from core.clock import now_utc
from core.conversations import log, takeover
from core.errors import NotFound
from core.messaging import CUSTOMER_CARE_WINDOW, within_window
from core.models.conversations import Conversation

POLL_SECONDS = 4


def _uow():
    return current_app.extensions["medezy"].uow()


@blueprint.get("/conversations")
def conversations():
    actor, query = current_actor(), request.args.get("q", "").strip()[:40]
    with _uow() as uow:
        if query:
            return render_template("support/conversations.html", query=query,
                                   results=inbox.search(uow.session, actor=actor, text=query))
        return render_template("support/conversations.html", query="",
                               sections=inbox.sections(uow.session, agent_id=actor.user_id))


@blueprint.get("/conversations/<int:conversation_id>")
def conversation(conversation_id: int):
    actor = current_actor()
    with _uow() as uow:
        try:
            found = log.get(uow.session, conversation_id)
        except NotFound as error:
            flash(str(error), "error")
            return redirect(url_for("support.conversations"))
        messages = inbox.latest_messages(uow.session, conversation_id)
        return render_template(
            "support/conversation.html", conversation=found, messages=messages,
            ticket=inbox.ticket_for(uow.session, conversation_id),
            bookings=_bookings(uow.session, actor, found), window=_window(found), forms=forms.for_page(),
            names=inbox.agent_names(uow.session, messages, found.agent_id),
            files=files.attachments(uow.session, messages), mine=found.agent_id == actor.user_id,
            acting=actor.role in takeover.AGENT_ROLES,  # a super admin reads; only agents get the buttons
            last_id=messages[-1].id if messages else 0, poll_seconds=POLL_SECONDS)


@blueprint.get("/conversations/<int:conversation_id>/messages")
def new_messages(conversation_id: int):
    """Messages after ?after=<id>, plus the conversation's state so the page notices a takeover."""
    after = request.args.get("after", "0")
    after_id = min(int(after), 2**31 - 1) if after.isdigit() else 0  # ids are 32-bit integers
    with _uow() as uow:
        found = log.get(uow.session, conversation_id)  # NotFound -> 404 JSON (console.app)
        messages = log.history(uow.session, conversation_id, after_id=after_id)
        names = inbox.agent_names(uow.session, messages)
        attached = files.attachments(uow.session, messages)
        return jsonify(messages=[message_json(m, names, attached.get(m.id)) for m in messages], state=found.state.value,
                       agent_id=found.agent_id, within_window=_window(found)["open"])


def _bookings(session, actor, conversation: Conversation):
    if conversation.user_id is None:
        return []
    return bookings.list_for_user(session, actor=actor, user_id=conversation.user_id, limit=5)


def _window(conversation: Conversation) -> dict:
    """WhatsApp's 24-hour window: whether free text may go out now, and until when."""
    last = conversation.last_inbound_at
    return {"open": within_window(last, now_utc()), "last_inbound_at": last,
            "closes_at": last + CUSTOMER_CARE_WINDOW if last else None}
