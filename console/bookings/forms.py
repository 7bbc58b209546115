"""One small form per booking action. Each has its own prefix, so several can sit on one page with
unique input ids (every input has its label)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length


def _slot_id(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


class ActionForm(FlaskForm):
    reason = StringField("Reason", validators=[Length(max=500)])
    new_slot_id = SelectField("New slot", coerce=_slot_id, validate_choice=False, choices=[])


def for_action(key: str, **kwargs) -> ActionForm:
    return ActionForm(prefix=key, **kwargs)
