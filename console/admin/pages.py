"""The admin panel's own pages (dashboard, analytics, finance, campaigns): Flask-Admin BaseViews that open only
for users holding both the panel's permission and the page's own (core.permissions), on the shared layout."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask import abort, current_app, request
from flask_admin import BaseView

from console.adminkit.base import PanelGate
from console.auth import current_actor
from core.clock import IST, now_utc
from core.errors import ValidationError
from core.insight.period import GRAINS, Period

DEFAULT_DAYS = 30


class AdminPage(PanelGate, BaseView):
    """Gated like every panel view (console.adminkit.base.PanelGate)."""

    @property
    def session(self):
        """The request's read session (the same one Flask-Admin's lists use); writes go through `through_core`."""
        return current_app.extensions["medezy_db"]

    @property
    def container(self):
        return current_app.extensions["medezy"]

    def through_core(self, work: Callable):
        """Run `work(session, actor)` in a unit of work and commit; domain errors reach the app's 4xx pages."""
        self.session.rollback()  # end the read transaction (SQLite: a reader would block the writer)
        with self.container.uow() as uow:
            result = work(uow.session, current_actor())
            uow.commit()
        return result


def period_from_args(args=None, *, days: int = DEFAULT_DAYS) -> Period:
    """The page's period from ?start=YYYY-MM-DD&end=YYYY-MM-DD (IST dates, both included); default: the last
    `days` days. A malformed date or an impossible range answers 400 with the reason."""
    args = request.args if args is None else args
    today = now_utc().astimezone(IST).date()
    try:
        start = _date(args.get("start")) or today - timedelta(days=days - 1)
        last = _date(args.get("end")) or today
        return Period(start, last + timedelta(days=1))
    except ValidationError as error:
        abort(400, str(error))


def grain_from_args(default: str = "day") -> str:
    grain = request.args.get("grain") or default
    if grain not in GRAINS:
        abort(400, f"Group by one of {', '.join(GRAINS)}.")
    return grain


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{text!r} is not a date (YYYY-MM-DD).") from None


def shown_end(period: Period) -> date:
    """The last day the period includes (forms show inclusive ranges)."""
    return period.end - timedelta(days=1)
