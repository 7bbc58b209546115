"""The inbox's forms. They carry no validators on purpose: the services judge the input and their
message reaches the agent; only a missing or stale CSRF token fails here (400)."""
from __future__ import annotations

from types import SimpleNamespace

from flask import abort, request
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField


class ActionForm(FlaskForm):
    """Take over, hand back, send the follow-up template: nothing but the CSRF token."""


class ReplyForm(FlaskForm):
    body = TextAreaField("Reply")


class EscalateForm(FlaskForm):
    reason = StringField("Why escalate")


class ResolveForm(FlaskForm):
    resolution = StringField("How it was resolved")


class OpenTicketForm(FlaskForm):
    subject = StringField("Subject")


def for_page() -> SimpleNamespace:
    """One instance of each form for the conversation page."""
    return SimpleNamespace(action=ActionForm(), reply=ReplyForm(), escalate=EscalateForm(),
                           resolve=ResolveForm(), open_ticket=OpenTicketForm())


def submitted(form_class: type[FlaskForm]) -> FlaskForm:
    """The posted form, or 400 when its CSRF token is missing or stale."""
    form = form_class()
    if not form.validate_on_submit():
        abort(400, "This form has expired. Reload the page and try again.")
    if any("\x00" in value for value in request.form.values()):  # Postgres text never holds NUL
        abort(422, "The form holds a character that cannot be stored (NUL). Remove it and try again.")
    return form
