"""Finance's pages: money in and out over a period (fees, refunds, Route transfers with status), the GST
invoice register for filing, and reconciliation of the provider's settlement report against our books."""
from __future__ import annotations

from flask import Response, request
from flask_admin import expose
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from console.admin.pages import AdminPage, period_from_args, shown_end
from core.insight import gst_register, money_flows, volume
from core.payments import reconciliation

PREVIEW_ROWS = 200
PROBLEMS = {"unknown": "Not in our books", "amount": "Amounts differ", "not_captured": "We never captured it",
            "not_processed": "Our refund is not processed"}


class ReportUpload(FlaskForm):
    report = FileField("Settlement report (CSV from the Dashboard, or the API's JSON)", validators=[FileRequired()])


class FinanceView(AdminPage):
    permission = "finance.view"

    @expose("/")
    def index(self):
        period = period_from_args()
        s = self.session
        return self.render("admin_panel/insight/finance.html", period=period, last_day=shown_end(period),
                           revenue=volume.revenue(s, period=period),
                           refunds=money_flows.refunds_by_status(s, period=period),
                           transfers=money_flows.transfers_by_status(s, period=period),
                           latest_refunds=money_flows.latest_refunds(s, period=period),
                           latest_transfers=money_flows.latest_transfers(s, period=period))

    @expose("/gst")
    def gst(self):
        period = period_from_args()
        rows = gst_register.rows(self.session, period=period)
        return self.render("admin_panel/insight/gst.html", period=period, last_day=shown_end(period),
                           rows=rows[:PREVIEW_ROWS], total=len(rows), shown=min(len(rows), PREVIEW_ROWS))

    @expose("/gst.csv")
    def gst_csv(self):
        period = period_from_args()
        body = gst_register.to_csv(gst_register.rows(self.session, period=period))
        name = f"gst-register-{period.start:%Y%m%d}-{shown_end(period):%Y%m%d}.csv"
        return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @expose("/reconcile", methods=("GET", "POST"))
    def reconcile(self):
        form, mismatches, checked = ReportUpload(), None, None
        if request.method == "POST":
            if not form.validate_on_submit():
                return self.render("admin_panel/insight/reconcile.html", form=form, mismatches=None,
                               problems=PROBLEMS), 400
            items = reconciliation.read_report(form.report.data.read())
            mismatches = reconciliation.reconcile(self.session, items=items)
            checked = sum(item.type in reconciliation.CHECKED_TYPES for item in items)
        return self.render("admin_panel/insight/reconcile.html", form=form, mismatches=mismatches, checked=checked,
                           problems=PROBLEMS)
