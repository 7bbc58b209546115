"""The embedded default's checkout page: Pay / Fail post the webhooks Razorpay would send.

The events go through our own webhook route in-process (a WSGI test client), signed exactly like
Razorpay's, so the sandbox exercises the same verification and handling as production without a
network round trip (and without deadlocking a single-threaded server by calling itself).
"""
from __future__ import annotations

from flask import abort, current_app, render_template
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.test import Client
from wtforms import SubmitField

from console.payments import blueprint
from console.payments.webhooks import PATH
from core.catalogue import rupees
from core.models.payments import Payment
from core.payments.sandbox import SandboxProvider, events_for


class CheckoutForm(FlaskForm):
    pay = SubmitField("Pay")
    fail = SubmitField("Fail")


@blueprint.route("/sandbox/pay/<link_id>", methods=["GET", "POST"])
def sandbox_checkout(link_id: str):
    provider = current_app.extensions["medezy"].adapters["payments"]
    if not isinstance(provider, SandboxProvider):
        abort(404)
    payment = _payment(link_id)
    form, outcome = CheckoutForm(), None
    if form.validate_on_submit():
        outcome = _fire(provider, payment, paid=bool(form.pay.data))
    return render_template("sandbox_pay.html", form=form, payment=payment, amount=rupees(payment.amount_paise),
                           outcome=outcome)


@blueprint.get("/payments/return")
def payment_return():
    """Where Razorpay sends the patient after paying; the webhook, not this page, confirms the booking."""
    return render_template("payment_return.html")


def _payment(link_id: str) -> Payment:
    db = current_app.extensions["medezy"].session_factory()
    try:
        payment = db.scalar(select(Payment).where(Payment.provider_link_id == link_id))
    finally:
        db.close()
    if payment is None:
        abort(404)
    return payment


def _fire(provider: SandboxProvider, payment: Payment, *, paid: bool) -> str:
    client = Client(current_app)
    answers = []
    for event_id, body in events_for(link_id=payment.provider_link_id, reference_id=str(payment.id),
                                     amount_paise=payment.amount_paise, paid=paid):
        response = client.post(PATH, data=body, content_type="application/json",
                               headers={"X-Razorpay-Signature": provider.sign(body), "x-razorpay-event-id": event_id})
        answers.append(response.get_json(silent=True) or {})
    return "; ".join(a.get("outcome") or a.get("error", "") for a in answers)
