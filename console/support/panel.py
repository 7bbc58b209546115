"""/support/ as a Flask-Admin panel: the inbox (this package's blueprint) and bookings in one menu."""
from __future__ import annotations

from flask import Flask

from console.adminkit.panel import Panel, make_panel
from console.bookings.views import BookingView
from core.models import Booking


class SupportBookingView(BookingView):
    column_list = ["reference", "status", "center", "service", "slot.starts_at", "patient_name", "phone"]


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
