"""Provider status callbacks for notifications, and the sandbox outbox page."""
from flask import Blueprint

blueprint = Blueprint("notifications", __name__, template_folder="templates")

from console.notifications import callbacks, outbox_page  # noqa: E402,F401 - routes register on import
