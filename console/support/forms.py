"""The inbox's forms. They carry no validators on purpose: the services judge the input and their
message reaches the agent; only a missing or stale CSRF token fails here (400)."""
from __future__ import annotations

from types import SimpleNamespace

from flask import abort, request
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from console import posted


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
    """The posted form (console.posted), or 422 when a field holds a NUL character."""
    form = posted.submitted(form_class)
    if any("\x00" in value for value in request.form.values()):  # Postgres text never holds NUL
        abort(422, "The form holds a character that cannot be stored (NUL). Remove it and try again.")
    return form
