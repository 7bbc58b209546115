"""Payments in the console: Razorpay webhook, sandbox checkout page, invoice downloads."""
from flask import Blueprint

blueprint = Blueprint("payments", __name__, template_folder="templates")

from console.payments import invoices, sandbox, webhooks  # noqa: E402,F401 - routes register on import
