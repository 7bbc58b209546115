"""Slot utilization by center: how much of the offered capacity was booked per center and scan over a
date range (India dates), a weekday × hour heatmap of one center, and the table as a small CSV."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from flask import Response, abort, request
from flask_admin import expose
from sqlalchemy import select
from wtforms import DateField, Form, SelectField
from wtforms.validators import Optional

from console.adminkit.pages import PanelPage
from console.adminkit.pagination import page_number
from core.clock import IST
from core.errors import ValidationError
from core.insight import utilization
from core.insight.period import Period
from core.models import Center, Service

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
STEP = {"day": timedelta(days=1), "week": timedelta(days=7)}
CSV_HEADER = ("center", "service", "from", "to", "capacity", "blocked", "booked", "held", "free", "utilization_pct")


def _center_id(value) -> int | None:
    return int(value) if str(value or "").isdigit() and len(str(value)) < 10 else None


class RangeForm(Form):
    """A GET form (it changes nothing, so no CSRF token): the range lives in the URL."""
    start = DateField("From (India date)", validators=[Optional()])
    end = DateField("To, not included (India date)", validators=[Optional()])
    center = SelectField("Center", coerce=_center_id, validate_choice=False)
    grain = SelectField("Per", choices=[("", "Whole range"), ("day", "Day"), ("week", "Week (from Monday)")],
                        default="")


def default_period(today: date | None = None) -> Period:
    """Two weeks back and two weeks ahead: what was used and what is filling up."""
    today = today or datetime.now(IST).date()
    return Period(today - timedelta(days=14), today + timedelta(days=14))


class UtilizationPage(PanelPage):
    permission = "slot.utilization"

    @expose("/")
    def index(self):
        form = RangeForm(request.args)
        period = self._period(form) if form.validate() else None
        with self.reading() as (session, actor):
            centers, services = _names(session, Center), _names(session, Service)
            form.center.choices = [("", "All (heatmap of the busiest)")] + [(str(i), n) for i, n in sorted(
                centers.items(), key=lambda item: item[1])]
            only = form.center.data if form.center.data in centers else None
            number = page_number("page")
            rows, more = utilization.page(session, period=period, grain=form.grain.data or None, center_id=only,
                                          number=number) if period else ([], False)
            chosen = only or (utilization.busiest_center(session, period=period) if period else None)
            heat = utilization.heatmap(session, period=period, center_id=chosen) if period and chosen else {}
        return self.render("admin_panel/utilization.html", form=form, period=period, rows=rows, more=more,
                           number=number, page_size=utilization.PAGE_SIZE, only=only, centers=centers, services=services, chosen=chosen, heat=heat,
                           hours=sorted({h for _, h in heat}), weekdays=WEEKDAYS, shade=shade)

    @expose("/export.csv")
    def export(self):
        form = RangeForm(request.args)
        period = self._period(form) if form.validate() else None
        if period is None:
            abort(400, "Pick a valid range: the end after the start, at most two years.")
        with self.reading() as (session, actor):
            centers, services = _names(session, Center), _names(session, Service)
            only = form.center.data if form.center.data in centers else None
            rows = _rows(session, period, form.grain.data, only)
        body = csv_text(rows, centers, services, period, form.grain.data)
        name = f"utilization-{period.start.isoformat()}-{period.end.isoformat()}.csv"
        return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                              "X-Content-Type-Options": "nosniff"})

    def _period(self, form: RangeForm) -> Period | None:
        if not (form.start.data or form.end.data):
            return default_period()
        try:
            fallback = default_period()
            return Period(form.start.data or fallback.start, form.end.data or fallback.end)
        except ValidationError as error:
            form.start.errors = [str(error)]
            return None


def csv_text(rows, centers: dict[int, str], services: dict[int, str], period: Period, grain: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for u in rows:
        start = date.fromisoformat(u.bucket)
        end = start + STEP[grain] if grain in STEP else period.end
        pct = "" if u.rate is None else f"{u.rate * 100:.1f}"
        writer.writerow((centers.get(u.center_id, u.center_id), services.get(u.service_id, u.service_id),
                         start.isoformat(), end.isoformat(), u.capacity, u.blocked, u.booked, u.held, u.free, pct))
    return out.getvalue()


def _rows(session, period: Period, grain: str, center_id: int | None) -> list:
    if grain in STEP:
        return utilization.by_bucket(session, period=period, grain=grain, center_id=center_id)
    return utilization.by_center_service(session, period=period, center_id=center_id)


def shade(rate: float | None) -> int:
    """The heatmap cell's shade 0-5 (a CSS class: inline styles are barred by the CSP)."""
    return 0 if not rate else min(5, 1 + int(rate * 5))


def _names(session, model) -> dict[int, str]:
    return dict(session.execute(select(model.id, model.name)).all())
