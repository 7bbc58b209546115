"""The sandbox outbox: every notification of every channel, newest first (development only)."""
from __future__ import annotations

from flask import abort, current_app, render_template, request
from sqlalchemy import select

from console.notifications import blueprint
from core.models.notifications import Notification

PAGE = 200


@blueprint.get("/sandbox/outbox")
def outbox():
    c = current_app.extensions["medezy"]
    if not _sandboxed(c.settings):
        abort(404)  # real providers: the messages left; the page would only leak phone numbers
    channel = request.args.get("channel") or None
    with c.uow() as uow:
        query = select(Notification).order_by(Notification.id.desc()).limit(PAGE)
        if channel:
            query = query.where(Notification.channel == channel)
        rows = list(uow.session.scalars(query))
        return render_template("notifications/outbox.html", rows=rows, channel=channel)


def _sandboxed(settings) -> bool:
    return "sandbox" in (settings.messaging_provider, settings.sms_provider, settings.email_provider)
