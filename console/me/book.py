"""Book a scan on the web: pick the city, scan and day, see free slots with prices, choose who it is for,
then pay through the same payment link WhatsApp sends."""
from __future__ import annotations

from flask import render_template, request, url_for

from console import posted
from console.auth import current_actor
from console.me import blueprint, forms
from console.me.profile import parse_day
from console.me.views import container, pay
from core.booking.service import DEFAULT_HOLD_MINUTES
from core.clock import now_utc
from core.errors import ValidationError
from core.portal import family, web_booking


@blueprint.get("/book")
def book():
    actor, args = current_actor(), request.args
    with container().uow() as uow:
        cities, services = web_booking.options(uow.session)
        slots, error = [], None
        if args.get("city") and args.get("scan"):
            try:
                slots = web_booking.find(uow.session, actor=actor, city_id=web_booking.checked_id(args["city"], "city"),
                                         service_id=web_booking.checked_id(args["scan"], "scan"),
                                         day=parse_day(args.get("day")), now=now_utc())
            except ValidationError as error_found:
                error = str(error_found)
        page = render_template("me/book.html", cities=cities, services=services, slots=slots, error=error,
                               searched=bool(args.get("city") and args.get("scan")), args=args,
                               family=family.get_all(uow.session, actor=actor), form=forms.ActionForm(),
                               hold_minutes=DEFAULT_HOLD_MINUTES)
        uow.commit()  # the search is counted in analytics, as on WhatsApp
        return page


@blueprint.post("/book")
def hold():
    posted.submitted(forms.ActionForm)
    c, form = container(), request.form
    member = form.get("for", "self")

    def run(session, actor, now) -> str:
        _, payment = web_booking.book(
            session, c.adapters["payments"], actor=actor, slot_id=web_booking.checked_id(form.get("slot_id"), "time"),
            member_id=None if member == "self" else web_booking.checked_id(member, "family member"),
            finance=c.adapters["finance"], now=now)
        return payment.link_url
    search = {k: v for k, v in request.args.items() if k in ("city", "scan", "day")}
    return pay(run, back=url_for("me.book", **search))
