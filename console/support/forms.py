"""The inbox's forms. They carry no validators on purpose: the services judge the input and their
message reaches the agent; only a missing or stale CSRF token fails here (400)."""
from __future__ import annotations

from types import SimpleNamespace

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
