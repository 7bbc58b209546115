"""Bookings as every staff panel shows them: the list, a readable detail page and the actions core offers
(confirm, complete, no-show, cancel, reschedule), each offered only to roles whose permission allows it
and only when legal in the booking's current state."""
from flask import Blueprint

# No routes: it only makes this folder's templates visible to Flask (and so to Flask-Admin's views).
templates = Blueprint("booking_templates", __name__, template_folder="templates")
