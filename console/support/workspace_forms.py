"""The booking workspace's action forms. Like the inbox's forms they hold no validators beyond CSRF: core
judges the input and its message reaches the agent (a missing or stale token is a 400)."""
from __future__ import annotations

import re
import uuid
from types import SimpleNamespace

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from core.errors import ValidationError

AMOUNT = re.compile(r"^\d{1,7}(\.\d{1,2})?$")
CHANNELS = [("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "Email")]


class _Once(FlaskForm):
    """A form whose submission carries a one-off id, so a double-submitted form acts once."""
    request_id = HiddenField(default=lambda: uuid.uuid4().hex)


class RescheduleForm(FlaskForm):
    new_slot_id = IntegerField("New slot", validators=[Optional()])
    reason = StringField("Reason (required)")


class ReasonForm(FlaskForm):
    reason = StringField("Reason (required)")


class CreditForm(FlaskForm):
    rupees = StringField("Amount (₹)")
    reason = StringField("Reason (required)")


class RefundForm(_Once):
    rupees = StringField("Amount (₹)")
    reason = StringField("Reason (required)")


class MessageForm(_Once):
    to = SelectField("To", choices=[("patient", "Patient"), ("center", "The center")], validate_choice=False)
    channel = SelectField("Channel", choices=CHANNELS, validate_choice=False)
    canned = SelectField("Template", choices=[("", "None: write it below")], validate_choice=False)
    subject = StringField("Email subject (email only)")
    text = TextAreaField("Message")


class EmptyForm(FlaskForm):
    """Resend the payment link: nothing but the CSRF token."""


def for_page(canned: list) -> SimpleNamespace:
    message = MessageForm()
    message.canned.choices = [("", "None: write it below")] + [(str(c.id), c.title) for c in canned]
    return SimpleNamespace(reschedule=RescheduleForm(), cancel=ReasonForm(),
                           credit=CreditForm(), refund=RefundForm(),
                           message=message, resend=EmptyForm(), confirm=ReasonForm())


def paise(text: str | None) -> int:
    """'1250', '1,250.5' or '₹1250.50' rupees as integer paise; anything else is a ValidationError."""
    cleaned = (text or "").replace(",", "").replace("₹", "").strip()
    if not AMOUNT.match(cleaned):
        raise ValidationError("Give the amount in rupees, like 250 or 250.50.")
    rupees, _, fraction = cleaned.partition(".")
    return int(rupees) * 100 + int(fraction.ljust(2, "0") or 0)
