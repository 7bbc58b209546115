"""/admin/escalations: the cases support flagged for admin intervention, most urgent first.

A small blueprint of its own (with its menu link added to the admin panel), so the admin panel's other
features stay untouched. The admins are alerted by core.support.escalations when a case lands here.
"""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template

from console.access import gate
from console.auth import current_actor
from core.clock import now_utc
from core.support import escalations, ticket_list

blueprint = Blueprint("admin_escalations", __name__, url_prefix="/admin", template_folder="escalation_templates")


@blueprint.get("/escalations")
@gate("ticket.escalations")
def queue():
    now = now_utc()
    with current_app.extensions["medezy"].uow() as uow:
        tickets = escalations.queue_for_admins(uow.session, actor=current_actor())
        rows = [ticket_list.row(t, now) for t in tickets]
        return render_template("admin_escalations/queue.html", rows=rows)


def init_panel(app: Flask, db) -> None:
    """Add the queue to the admin panel's menu (the panel itself is built by console.admin)."""
    app.extensions["medezy_panels"]["admin"].link("Escalations", endpoint="admin_escalations.queue",
                                                  permission="ticket.escalations")
