"""The analytics page: the booking funnel by city, scan or channel with drop-off, no-show and hold-to-book
rates, NPS, and partner SLA with report turnaround; every table can be exported to CSV in the background
(core.insight.exports: capped, patient details masked, downloadable only by whoever asked)."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired

from console.auth import current_user
from console.admin.pages import AdminPage, period_from_args, shown_end
from core.insight import exports, funnel, quality
from core.models import Center, City, Service
from core.models.exports import Export

SEGMENTS = {"": "Everyone", "city": "City", "service": "Scan", "channel": "Channel"}
MY_EXPORTS = 30


class ExportForm(FlaskForm):
    kind = SelectField("Table", choices=[(kind, kind) for kind in exports.KINDS])
    start = DateField("From", validators=[DataRequired()])
    end = DateField("To (included)", validators=[DataRequired()])


class AnalyticsView(AdminPage):
    permission = "analytics.view"

    @expose("/")
    def index(self):
        period, segment = period_from_args(), request.args.get("segment", "")
        if segment not in SEGMENTS:
            abort(400, f"Segment by one of {', '.join(s for s in SEGMENTS if s)}.")
        s = self.session
        by_value = funnel.funnel(s, period=period, segment=segment or None)
        names = _segment_names(s, segment, by_value)
        sla = quality.partner_sla(s, period=period)
        centers = dict(s.execute(select(Center.id, Center.name).where(Center.id.in_([r.center_id for r in sla]))).all())
        return self.render("admin_panel/insight/analytics.html", period=period, last_day=shown_end(period),
                           segment=segment, segments=SEGMENTS, steps=funnel.STEPS,
                           funnels=sorted(((names.get(v, v), steps) for v, steps in by_value.items()), key=_by_name),
                           no_show=quality.no_show_rate(s, period=period),
                           hold_to_book=quality.hold_to_book_rate(s, period=period), nps=quality.nps(s, period=period),
                           sla=sla, centers=centers, export_form=ExportForm(), extra_fields={"segment": segment})

    @expose("/export", methods=("POST",))
    def export(self):
        form = ExportForm()
        if not form.validate_on_submit():
            abort(400, "Choose a table and a period, then try again.")
        done = self.through_core(lambda session, actor: exports.request(
            session, actor=actor, kind=form.kind.data, start=form.start.data,
            end=form.end.data + timedelta(days=1)))
        flash(f"Export {done.id} ({done.kind}) is being made; it appears below when it is ready.", "success")
        return redirect(url_for(".my_exports"))

    @expose("/exports")
    def my_exports(self):
        user_id = current_user().id
        mine = self.session.scalars(select(Export).where(Export.requested_by == user_id)
                                    .order_by(Export.id.desc()).limit(MY_EXPORTS)).all()
        return self.render("admin_panel/insight/exports.html", exports=mine, max_rows=exports.MAX_ROWS)

    @expose("/exports/<int:export_id>")
    def download(self, export_id: int):
        storage = self.container.adapters["storage"]
        return redirect(self.through_core(lambda session, actor: exports.link(
            session, storage, actor=actor, export_id=export_id)))


def _segment_names(session, segment: str, by_value: dict) -> dict:
    ids = [v for v in by_value if isinstance(v, int)]
    model = {"city": City, "service": Service}.get(segment)
    if model is None or not ids:
        return {None: "Not known" if segment else "Everyone"}
    return {None: "Not known", **dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())}


def _by_name(item) -> str:
    return str(item[0])
