"""The partner panel's forms; every input has a label, every form a CSRF token (FlaskForm)."""
from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms import TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from core.models.notifications import Channel

WEEKDAYS = [("0", "Mon"), ("1", "Tue"), ("2", "Wed"), ("3", "Thu"), ("4", "Fri"), ("5", "Sat"), ("6", "Sun")]


class ReportForm(FlaskForm):
    label = StringField("What this file is (e.g. the scan's name)", validators=[Length(max=80)])
    file = FileField("Report file (PDF, JPEG or PNG, up to 25 MB)")


class ContactForm(FlaskForm):
    channel = SelectField("Send by", choices=[
        (Channel.WHATSAPP.value, "WhatsApp (as an approved template outside the 24-hour window)"),
        (Channel.SMS.value, "SMS")])
    text = TextAreaField("Message to the patient", validators=[DataRequired(), Length(max=1000)])
    request_id = HiddenField(default=lambda: uuid.uuid4().hex)


class TemplateForm(FlaskForm):
    service_id = SelectField("Scan", coerce=int, validate_choice=False, choices=[])
    weekdays = SelectMultipleField("Days", choices=WEEKDAYS, default=["0", "1", "2", "3", "4", "5"])
    opens_at = TimeField("Opens (IST)", validators=[DataRequired()])
    closes_at = TimeField("Closes (IST)", validators=[DataRequired()])
    slot_minutes = IntegerField("Slot length (minutes)", default=30, validators=[NumberRange(5, 480)])
    capacity = IntegerField("Patients per slot", default=1, validators=[NumberRange(1, 50)])


class OneOffForm(FlaskForm):
    service_id = SelectField("Scan", coerce=int, validate_choice=False, choices=[])
    day = DateField("Date", validators=[DataRequired()])
    starts = TimeField("Starts (IST)", validators=[DataRequired()])
    slot_minutes = IntegerField("Length (minutes)", default=30, validators=[NumberRange(5, 480)])
    capacity = IntegerField("Patients", default=1, validators=[NumberRange(1, 50)])


class ImportForm(FlaskForm):
    file = FileField("Slots CSV")
    mode = SelectField("What to do", choices=[("dry_run", "Check only (dry run)"), ("import", "Import"),
                                              ("import_good_rows", "Import the good rows, skip bad ones")])


class BlockForm(FlaskForm):
    service_id = SelectField("Scan", coerce=int, validate_choice=False, choices=[])
    from_day = DateField("From date", validators=[DataRequired()])
    from_time = TimeField("From time (IST)", validators=[Optional()])
    to_day = DateField("To date", validators=[DataRequired()])
    to_time = TimeField("To time (IST)", validators=[Optional()])
    reason = StringField("Reason (support and patients see it)", validators=[Length(max=200)])
    action = SelectField("Block or open", choices=[("block", "Block these slots"), ("unblock", "Open them again")])


class EscalationForm(FlaskForm):
    subject = StringField("What do you need from MedEzy support?", validators=[DataRequired(), Length(max=200)])
    booking = StringField("Booking reference (optional)", validators=[Length(max=20)])


class NoteForm(FlaskForm):
    text = TextAreaField("Your note", validators=[DataRequired(), Length(max=2000)])


class InviteForm(FlaskForm):
    name = StringField("Colleague's name", validators=[DataRequired(), Length(max=120)])
    phone = StringField("Their mobile number", validators=[DataRequired(), Length(max=20)])


class AdminMoveForm(FlaskForm):
    reason = StringField("Reason", validators=[DataRequired(), Length(max=300)])


class CsrfOnlyForm(FlaskForm):
    """A button that changes something: only the CSRF token to check."""
