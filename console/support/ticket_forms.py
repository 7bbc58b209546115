"""The ticket page's forms: CSRF only; core judges the values and its message reaches the agent."""
from __future__ import annotations

from types import SimpleNamespace

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField

PRIORITIES = [("normal", "Normal"), ("high", "High"), ("urgent", "Urgent")]
STATES = [("pending", "Pending: waiting on the patient or center"), ("resolved", "Resolved"),
          ("closed", "Closed"), ("open", "Reopen")]


class EmptyForm(FlaskForm):
    """Claim: nothing but the CSRF token."""


class AssignForm(FlaskForm):
    assignee_id = SelectField("Reassign to", choices=[], validate_choice=False)


class StateForm(FlaskForm):
    state = SelectField("New state", choices=STATES, validate_choice=False)
    reason = StringField("Why / who it waits on / how it was resolved")


class PriorityForm(FlaskForm):
    priority = SelectField("Priority", choices=PRIORITIES, validate_choice=False)
    reason = StringField("Reason")


class EscalateForm(FlaskForm):
    reason = StringField("Why the admins must step in")


class NoteForm(FlaskForm):
    canned = SelectField("Canned reply", choices=[], validate_choice=False)
    body = TextAreaField("Note or reply")
    internal = BooleanField("Internal note (staff only)", default=True)


def for_page(agents: list[tuple[int, str]], canned: list) -> SimpleNamespace:
    assign, note = AssignForm(), NoteForm()
    assign.assignee_id.choices = [(str(i), name) for i, name in agents]
    note.canned.choices = [("", "None")] + [(str(c.id), c.title) for c in canned]
    return SimpleNamespace(claim=EmptyForm(), assign=assign, state=StateForm(), priority=PriorityForm(),
                           escalate=EscalateForm(), note=note)
