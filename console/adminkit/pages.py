"""The base of every custom (non-model) page in a panel: a Flask-Admin BaseView gated like the model views,
whose writes run through core services in one unit of work, with Flask-WTF forms for CSRF."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import abort, current_app, flash
from flask_admin import BaseView
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from console import posted
from console.adminkit.base import PanelGate, run_in_core
from console.auth import current_actor
from core.actors import Actor
from core.errors import DomainError


class ButtonForm(FlaskForm):
    """A form that is only a button: the CSRF token is all it carries."""


class PanelPage(PanelGate, BaseView):
    """A custom page: gated by `permission` (PanelGate), reads in `reading()`, writes in `through_core`."""

    checked = staticmethod(posted.checked)  # a failing form answers 400 naming what to fix

    @staticmethod
    def valid(form) -> bool:
        """Whether a form to show again with its errors is valid; a bad CSRF token still answers 400."""
        if form.validate_on_submit():
            return True
        if "csrf_token" in form.errors:
            abort(400, "This form has expired. Reload the page and try again.")
        return False

    @staticmethod
    @contextmanager
    def reading() -> Iterator[tuple[Session, Actor]]:
        """A session and the signed-in actor for a page's reads (rolled back: reads never write)."""
        with current_app.extensions["medezy"].uow() as uow:
            yield uow.session, current_actor()

    @staticmethod
    def through_read(read: Callable, empty=()):
        """A read core may refuse with a reason the user can act on (e.g. dates the wrong way round)."""
        try:
            return read()
        except DomainError as error:
            flash(str(error), "error")
            return list(empty)

    @staticmethod
    def through_core(work: Callable, done: str | None = None):
        """Run `work(session, actor)` through core in one unit of work; `done` is flashed when it worked."""
        result = run_in_core(work)
        if result and done:
            flash(done, "success")
        return result
