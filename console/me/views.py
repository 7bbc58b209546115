"""My bookings (upcoming and past, paged) and one booking: where, what it cost, prep, what can be done."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from console.adminkit.pagination import page_number
from console.adminkit.panel import MenuItem
from console.auth import current_actor
from console.me import blueprint, forms
from core.clock import now_utc
from core.errors import DomainError, NotFound
from core.portal import bookings, changes, documents, payments

SECTIONS = (("My bookings", "me.index"), ("Book a scan", "me.book"), ("Documents", "me.documents_page"),
            ("Payments", "me.payments_page"), ("Support", "me.support_page"), ("Messages", "me.notifications"),
            ("Profile", "me.profile_page"), ("Privacy", "me.privacy_page"))
# Pages under a section that light its menu entry up.
_UNDER = {"me.booking": "me.index", "me.cancel": "me.index", "me.reschedule": "me.index", "me.ticket": "me.support_page"}


def menu() -> list[MenuItem]:
    here = _UNDER.get(request.endpoint or "", request.endpoint)
    return [MenuItem(name, url_for(endpoint), here == endpoint) for name, endpoint in SECTIONS]


def container():
    return current_app.extensions["medezy"]


def perform(run, *, back: str):
    """Run one change, `run(session, actor, now) -> message`; flash the message (or the service's refusal:
    nothing changed) and go `back`. Another patient's row stays a 404 page."""
    message = attempt(run)
    if message is not None:
        flash(message, "success")
    return redirect(back)


def pay(run, *, back: str):
    """Run a change that opens a payment, `run(...) -> its link`, and send the patient to pay there."""
    return redirect(attempt(run) or back)


def attempt(run):
    """`run(session, actor, now)` in a unit of work: its result after commit, or None after a flashed refusal."""
    actor, now = current_actor(), now_utc()
    with container().uow() as uow:
        try:
            result = run(uow.session, actor, now)
        except NotFound:
            raise
        except DomainError as error:
            uow.rollback()
            flash(str(error), "error")
            return None
        uow.commit()
        return result


@blueprint.get("/")
def index():
    actor, now = current_actor(), now_utc()
    with container().uow() as uow:
        upcoming = bookings.page(uow.session, actor=actor, upcoming=True, number=page_number("up"), now=now)
        past = bookings.page(uow.session, actor=actor, upcoming=False, number=page_number("past"), now=now)
        return render_template("me/bookings.html", upcoming=upcoming, past=past)


@blueprint.get("/bookings/<reference>")
def booking(reference: str):
    actor, now, c = current_actor(), now_utc(), container()
    finance = c.adapters["finance"]
    with c.uow() as uow:
        # Another patient's reference reads as not found (core.portal.bookings): a 404 page.
        shown = bookings.view(uow.session, actor=actor, reference=reference, finance=finance, now=now)
        attempts = payments.payments_of(uow.session, booking=shown.booking)
        quote = changes.cancel_quote(uow.session, booking=shown.booking, finance=finance, now=now) if shown.live else None
        return render_template(
            "me/booking.html", v=shown, b=shown.booking, quote=quote, attempts=attempts,
            can_retry=payments.can_retry(shown.booking, attempts, now),
            invoices=payments.invoices(uow.session, actor=actor, booking_id=shown.booking.id),
            docs=documents.for_booking(uow.session, actor=actor, booking_id=shown.booking.id),
            upload_form=forms.UploadForm(), action_form=forms.ActionForm(), policy_summary=changes.policy_summary())

