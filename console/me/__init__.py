"""/me/: the patient's own pages (bookings, booking a scan, documents, payments,
support, messages, profile, privacy); routes register on import. Staff never act as a patient here:
portal.use is the patient's alone (core.permissions)."""
from flask import Blueprint

from console.access import gate_blueprint

blueprint = Blueprint("me", __name__, url_prefix="/me", template_folder="templates")
gate_blueprint(blueprint, "portal.use")

from console.me import (book, changes, documents, messages, payments, privacy, profile,  # noqa: E402,F401
                        support, views)
