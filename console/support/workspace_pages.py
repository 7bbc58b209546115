"""Find a booking (one search box) and its workspace: everything about it on one page, with the action panel."""
from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from sqlalchemy import select

from console import display
from console.access import gate
from console.auth import current_actor
from console.bookings.views import contact
from console.support import blueprint, files, workspace_forms
from core.booking import finder, move_options
from core.booking.lifecycle import ALLOWED
from core.clock import now_utc
from core.errors import ValidationError
from core.messaging import within_window
from core.models.bookings import BookingStatus
from core.models.centers import Center
from core.models.users import User
from core.payments import refund_manager
from core.support import booking_actions, notes, workspace

S = BookingStatus
LIVE = (S.HELD, S.PENDING, S.CONFIRMED)


def container():
    return current_app.extensions["medezy"]


@blueprint.get("/find")
@gate("booking.view")
def find():
    """Reference, phone in any format, name, center or date: one box (plus optional center and date)."""
    text, center, on = request.args.get("q", "").strip()[:80], request.args.get("center", ""), request.args.get("on", "")
    with container().uow() as uow:
        centers = list(uow.session.execute(select(Center.id, Center.name).order_by(Center.name)))
        if not (text or center or on):
            return render_template("support/find.html", q="", results=None, centers=centers, center="", on="")
        try:
            results = finder.find(uow.session, actor=current_actor(), text=text, limit=50,
                                  center_id=_center(center), on=_date(on))
        except ValidationError as error:
            return render_template("support/find.html", q=text, results=[], error=str(error), centers=centers,
                                   center=center, on=on), 422
        return render_template("support/find.html", q=text, results=results, centers=centers, center=center, on=on)


@blueprint.get("/workspace/<int:booking_id>")
@gate("booking.view")
def booking_workspace(booking_id: int):
    return render_workspace(booking_id)


def render_workspace(booking_id: int, *, status: int = 200):
    """The workspace page (also re-rendered with a 4xx when an action was refused)."""
    actor, now, c = current_actor(), now_utc(), container()
    with c.uow() as uow:
        ws = workspace.load(uow.session, actor=actor, booking_id=booking_id)  # audits the read; NotFound -> 404
        page = render_template("support/workspace.html", ws=ws, b=ws.booking, **_context(uow.session, actor, ws, now))
        uow.commit()
        return page, status


def _context(session, actor, ws, now) -> dict:
    booking, finance = ws.booking, container().adapters["finance"]
    acting = actor.role in booking_actions.ACTING_ROLES
    canned, names = notes.active_canned(session), _names(session, ws)
    return {
        "contact": contact(ws.patient), "acting": acting, "forms": workspace_forms.for_page(canned),
        "timeline": display.timeline(booking.history, names), "names": names,
        "documents": [(d, files.document_link(d)) for d in ws.documents], "finance": finance,
        "files": files.attachments(session, ws.messages[-10:]),
        "moves": move_options.options(session, booking=booking, now=now)
        if acting and booking.status in LIVE and booking.slot.starts_at > now else [],
        "cancel_preview": booking_actions.cancel_preview(session, actor=actor, booking=booking, finance=finance, now=now)
        if acting and S.CANCELLED in ALLOWED[booking.status] else None,
        "can_cancel": acting and S.CANCELLED in ALLOWED[booking.status],
        "can_confirm": acting and booking.status is S.PENDING,
        "refundable": refund_manager.refundable_payment(session, booking_id=booking.id),
        "sent": booking_actions.messages_about(session, booking_id=booking.id),
        "window_open": bool(ws.conversation and within_window(ws.conversation.last_inbound_at, now)),
        "unpaid_link": any(p.status.value == "created" for p in ws.payments),
    }


def _names(session, ws) -> dict[int, str]:
    ids = {e.actor_id for e in ws.audit_trail if e.actor_id} | {t.assignee_id for t in ws.tickets if t.assignee_id}
    ids |= {c.actor_id for c in ws.booking.history if c.actor_id} | {m.agent_id for m in ws.messages if m.agent_id}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def _center(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise ValidationError("Pick a center from the list.")
    return int(text)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValidationError("Give the date as YYYY-MM-DD.") from None
