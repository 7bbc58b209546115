"""My bookings: upcoming first, then past, each with the patient's status label and its details."""
from __future__ import annotations

from flask import current_app, render_template, url_for

from console.adminkit.panel import MenuItem
from console.auth import current_actor
from console.me import blueprint
from core.booking import queries as bookings
from core.clock import now_utc

MAX_BOOKINGS = 100


def menu() -> list[MenuItem]:
    url = url_for("me.index")
    return [MenuItem("My bookings", url, True)]


@blueprint.get("/")
def index():
    actor, now = current_actor(), now_utc()
    with current_app.extensions["medezy"].uow() as uow:
        mine = bookings.list_for_user(uow.session, actor=actor, user_id=actor.user_id, limit=MAX_BOOKINGS)
        upcoming = sorted((b for b in mine if b.slot.starts_at >= now and b.status.claims_slot),
                          key=lambda b: b.slot.starts_at)
        past = [b for b in mine if b not in upcoming]
        return render_template("me/bookings.html", upcoming=upcoming, past=past)


@blueprint.get("/bookings/<reference>")
def booking(reference: str):
    actor = current_actor()
    with current_app.extensions["medezy"].uow() as uow:
        # Another patient's reference reads as not found (core.booking.queries): a 404 page.
        found = bookings.get_by_reference(uow.session, actor=actor, reference=reference[:20])
        return render_template("me/booking.html", b=found)
