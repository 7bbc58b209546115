"""/support/ as a Flask-Admin panel: the inbox (this package's blueprint) and bookings in one menu."""
from __future__ import annotations

from flask import Flask, url_for
from markupsafe import Markup, escape

from console.adminkit.panel import Panel, make_panel
from console.bookings.views import BookingView
from core.models import Booking


def _workspace_link(view, context, model, name):
    url = url_for("support.booking_workspace", booking_id=model.id)
    return Markup(f'<a href="{escape(url)}">{escape(model.reference)}</a>')


class SupportBookingView(BookingView):
    column_list = ["reference", "status", "center", "service", "slot.starts_at", "patient_name", "phone"]
    # Support works a booking from its workspace (every action and the whole record on one page).
    column_formatters = {**BookingView.column_formatters, "reference": _workspace_link}


def init_panel(app: Flask, db) -> Panel:
    # The endpoint differs from the inbox blueprint's name ("support"); the URL space is the same.
    panel = make_panel(app, key="support", endpoint="support_panel", title="Support",
                       permission="panel.support", home_template="support/home.html")
    panel.link("Inbox", endpoint="support.conversations", permission="conversation.handle")
    panel.link("Find a booking", endpoint="support.find", permission="booking.view")
    panel.link("Tickets", endpoint="support.ticket_queue", permission="ticket.handle")
    panel.link("Refunds", endpoint="support.refund_manager_page", permission="booking.refund")
    panel.add(SupportBookingView(Booking, db, name="Bookings", endpoint="support_bookings", url="bookings"))
    return panel
