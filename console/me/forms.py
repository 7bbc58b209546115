"""The portal's forms. They carry no validators on purpose: core services judge the input and their
message reaches the patient; only a missing or stale CSRF token fails here (400)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField


class ActionForm(FlaskForm):
    """A button that changes something: nothing but the CSRF token."""


class CancelForm(FlaskForm):
    reason = StringField("Why are you cancelling? (optional)")
    quoted_refund_paise = HiddenField()


class RescheduleForm(FlaskForm):
    slot_id = StringField("New time")


class UploadForm(FlaskForm):
    """The prescription file itself arrives in request.files['file']."""


class TicketForm(FlaskForm):
    subject = StringField("What do you need help with?")
    details = TextAreaField("Details (optional)")
    booking = StringField("Booking reference (optional)")


class ProfileForm(FlaskForm):
    date_of_birth = StringField("Date of birth")
    language = StringField("Language for messages")


class CodeForm(FlaskForm):
    code = StringField("6-digit code")


class EmailForm(FlaskForm):
    email = StringField("Email")


class ContactForm(FlaskForm):
    name = StringField("Name")
    phone = StringField("Mobile number")
    relation = StringField("Relation")


class FamilyForm(FlaskForm):
    name = StringField("Full name")
    relation = StringField("Relation")
    date_of_birth = StringField("Date of birth (optional)")


class ConsentForm(FlaskForm):
    channel = HiddenField()
    category = HiddenField()
    allowed = HiddenField()


class NameForm(FlaskForm):
    name = StringField("Your full name")


class EraseForm(FlaskForm):
    confirm = StringField("Type ERASE to confirm")
