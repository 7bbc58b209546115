"""Settlement runs per center and period (finance): preview the statement, run it (numbered, CSV and PDF kept
in file storage, audited), run a whole month for every center in the background (the monthly partner
statements, with progress), download."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Regexp

from console.access import can
from console.admin.pages import AdminPage
from core.catalogue import rupees
from core.insight import settlement_months
from core.models.centers import Center
from core.models.settlements import Settlement
from core.payments import settlement_report, settlements

LISTED = 100


class _PeriodOfCenter(FlaskForm):
    center_id = SelectField("Center", coerce=int, validators=[DataRequired()])
    start = DateField("First day (IST)", validators=[DataRequired()])
    end = DateField("Day after the last (IST)", validators=[DataRequired()])


class PreviewForm(_PeriodOfCenter):
    class Meta:
        csrf = False  # a GET that changes nothing


class RunForm(_PeriodOfCenter):
    """The same fields, posted with a CSRF token."""


class MonthForm(FlaskForm):
    month = StringField("Month (YYYY-MM)", validators=[DataRequired(), Regexp(r"^\d{4}-(0[1-9]|1[0-2])$")])


class SettlementsView(AdminPage):
    permission = "finance.view"

    def _form(self, form_class=None, formdata=None):
        # No formdata: Flask-WTF reads the posted form itself (and nothing on a GET).
        form = (form_class or RunForm)(**({} if formdata is None else {"formdata": formdata}))
        form.center_id.choices = [(cid, name) for cid, name in
                                  self.session.execute(select(Center.id, Center.name).order_by(Center.name))]
        return form

    @expose("/")
    def index(self):
        runs = self.session.execute(select(Settlement, Center.name).join(Center, Center.id == Settlement.center_id)
                                    .order_by(Settlement.created_at.desc(), Settlement.id.desc()).limit(LISTED)).all()
        months = settlement_months.progress(self.session)
        refused = {failure["center_id"] for m in months for failure in m.month.failures}
        return self.render("admin_panel/insight/settlements.html", runs=runs, form=self._form(PreviewForm),
                           month_form=MonthForm(), months=months, running=any(not m.finished for m in months),
                           center_names=dict(self.session.execute(select(Center.id, Center.name)
                                                                   .where(Center.id.in_(refused))).all()))

    @expose("/preview")
    def preview(self):
        form = self._form(PreviewForm, formdata=request.args)
        if not form.validate():
            abort(400, "Pick a center, a first day and the day after the last.")
        if not form.start.data < form.end.data:
            abort(400, "The period must end after it starts.")
        lines = settlement_report.lines(self.session, center_id=form.center_id.data, start=form.start.data,
                                        end=form.end.data, finance=self.container.adapters["finance"])
        return self.render("admin_panel/insight/settlement_preview.html", run_form=self._form(formdata=request.args),
                           center=self.session.get(Center, form.center_id.data), lines=lines,
                           totals=settlement_report.totals(lines), start=form.start.data, end=form.end.data,
                           can_run=can("settlement.run"))

    @expose("/run", methods=("POST",))
    def run(self):
        self.need("settlement.run")
        form = self._form()
        if not form.validate_on_submit():
            abort(400, "The form expired or was incomplete; reload the page and try again.")
        done = self.through_core(lambda session, actor: settlements.run(
            session, actor=actor, center_id=form.center_id.data, start=form.start.data, end=form.end.data,
            storage=self.container.adapters["storage"], finance=self.container.adapters["finance"]))
        flash(f"Statement {done.number}: {done.bookings} bookings, outstanding {rupees(done.outstanding_paise)}.",
              "success")
        return redirect(url_for(".index"))

    @expose("/month", methods=("POST",))
    def month(self):
        self.need("settlement.run")
        form = MonthForm()
        if not form.validate_on_submit():
            abort(400, "Give the month as YYYY-MM.")
        first = date.fromisoformat(form.month.data + "-01")
        self.through_core(lambda session, actor: settlement_months.request(session, actor=actor, first=first))
        flash(f"{first:%B %Y}: the statements are being made in the background, one center at a time; "
              "progress is shown below.", "success")
        return redirect(url_for(".index"))

    @expose("/<int:settlement_id>.<any(csv, pdf):kind>")
    def download(self, settlement_id: int, kind: str):
        settlement = self.session.get(Settlement, settlement_id)
        if settlement is None:
            abort(404)
        key = settlement.csv_key if kind == "csv" else settlement.pdf_key
        body = self.container.adapters["storage"].get(key)
        mimetype = "text/csv" if kind == "csv" else "application/pdf"
        name = settlement.number.replace("/", "-")  # statement numbers carry the series' slash; file names may not
        return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'})

