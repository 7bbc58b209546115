"""Posted forms, the same in every panel: a form whose CSRF token or fields fail answers 400 naming what to
fix, and a NUL character (Postgres text never holds one) answers 422; either way nothing changes. Forms
without validators fail only on a missing or stale token."""
from __future__ import annotations

from flask import abort, request
from flask_wtf import FlaskForm


def checked(form: FlaskForm) -> FlaskForm:
    """The form, validated; otherwise 400 with each field's problem (or, for the token, "reload")."""
    if form.validate_on_submit():
        if any("\x00" in value for value in request.form.values()):
            abort(422, "The form holds a character that cannot be stored (NUL). Remove it and try again.")
        return form
    problems = "; ".join(f"{getattr(form, name).label.text}: {' '.join(map(str, messages))}"
                         for name, messages in form.errors.items() if name != "csrf_token")
    abort(400, problems or "This form has expired or is not valid. Reload the page and try again.")


def submitted(form_class: type[FlaskForm]) -> FlaskForm:
    """The posted form of this class, validated (see `checked`)."""
    return checked(form_class())
