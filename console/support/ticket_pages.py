"""The ticket queue (filters: state, priority, mine/unassigned; breached SLAs first and highlighted) and one
ticket's page with its notes and everything an agent does to it."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from console.access import gate
from console.auth import current_actor
from console.support import blueprint, ticket_forms
from console.support.workspace_pages import container
from core import tickets
from core.clock import now_utc
from core.errors import ValidationError
from core.models.users import User
from core.support import booking_actions, notes, queue, ticket_list

FILTERS = ("status", "priority", "owner")


@blueprint.get("/tickets")
@gate("ticket.handle")
def ticket_queue():
    chosen, actor = {name: request.args.get(name, "")[:20] for name in FILTERS}, current_actor()
    with container().uow() as uow:
        if actor.role in tickets.STAFF_ROLES:  # an agent with the queue open is online for auto-assignment
            queue.heartbeat(uow.session, actor=actor, now=now_utc())
            uow.commit()
        try:
            rows = ticket_list.get_all(uow.session, actor=actor, now=now_utc(),
                                       status=chosen["status"], priority=chosen["priority"],
                                       owner=chosen["owner"] or "all")
        except ValidationError as error:
            return render_template("support/tickets.html", rows=[], chosen=chosen, error=str(error), names={}), 422
        names = _names(uow.session, {r.ticket.assignee_id for r in rows})
        return render_template("support/tickets.html", rows=rows, chosen=chosen, names=names)


@blueprint.get("/tickets/<int:ticket_id>")
@gate("ticket.handle")
def ticket(ticket_id: int):
    return render_ticket(ticket_id)


def render_ticket(ticket_id: int, *, status: int = 200):
    actor = current_actor()
    with container().uow() as uow:
        session = uow.session
        found = tickets.get(session, ticket_id)  # NotFound -> 404
        thread = notes.notes_of(session, ticket_id=found.id, include_internal=True)
        agents = _agents(session)
        names = dict(agents) | _names(session, {n.author_id for n in thread} | {found.assignee_id})
        forms = ticket_forms.for_page(agents, notes.active_canned(session))
        forms.priority.priority.data = found.priority.value  # the select opens on the current priority
        return render_template(
            "support/ticket.html", t=found, row=ticket_list.row(found, now_utc()), notes=thread, names=names,
            acting=actor.role in booking_actions.ACTING_ROLES, mine=found.assignee_id == actor.user_id,
            forms=forms), status


def _agents(session) -> list[tuple[int, str]]:
    """Who a ticket can go to: active support agents and ops managers, by name."""
    rows = session.execute(select(User.id, User.name).where(User.role.in_(tickets.STAFF_ROLES),
                                                            User.is_active.is_(True)).order_by(User.name))
    return [(user_id, name) for user_id, name in rows]


def _names(session, ids: set) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


