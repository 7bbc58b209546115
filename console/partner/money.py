"""The center's money and quality: settlement statements and this month's revenue, and the SLA scorecard."""
from __future__ import annotations

import io
from datetime import date, datetime

from flask import abort, current_app, send_file
from flask_admin import expose

from console.partner.pages import PartnerPage
from core.clock import IST, now_utc
from core.insight import scorecard
from core.payments import center_invoices, center_statements


class SettlementsPage(PartnerPage):
    permission = "finance.center_view"

    @expose("/")
    def index(self):
        today = now_utc().astimezone(IST).date()
        adapters = current_app.extensions["medezy"].adapters
        with self.uow() as uow:
            actor, center_id = self.actor(), self.center_id()
            return self.render("partner/settlements.html", today=today,
                               month=center_statements.month_to_date(uow.session, actor=actor, center_id=center_id,
                                                                     today=today, finance=adapters["finance"]),
                               statements=center_statements.statements(uow.session, actor=actor, center_id=center_id),
                               invoice_months=center_invoices.months(uow.session, actor=actor, center_id=center_id),
                               transfers=center_statements.transfers(uow.session, actor=actor, center_id=center_id))

    @expose("/<int:settlement_id>.<kind>")
    def download(self, settlement_id: int, kind: str):
        """A statement of this center as an attachment; another center's is a 404 like a missing one."""
        if kind not in center_statements.KINDS:
            abort(404)
        storage = current_app.extensions["medezy"].adapters["storage"]
        with self.uow() as uow:
            name, content_type, data = center_statements.statement_file(
                uow.session, storage, actor=self.actor(), center_id=self.center_id(), settlement_id=settlement_id,
                kind=kind)
        return _attachment(name, content_type, data)

    @expose("/invoices/<month>.<kind>")
    def invoices(self, month: str, kind: str):
        """The center's GST invoices of one month (YYYY-MM) as CSV or PDF; a month without any is a 404."""
        first = _month(month)
        with self.uow() as uow:
            name, content_type, data = center_invoices.month_file(uow.session, actor=self.actor(),
                                                                  center_id=self.center_id(), month=first, kind=kind)
        return _attachment(name, content_type, data)


def _month(text: str) -> date:
    try:
        first = datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        abort(404)
    return first


def _attachment(name: str, content_type: str, data: bytes):
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=name, max_age=0)
    response.headers.update({"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
    return response


class ScorecardPage(PartnerPage):
    permission = "center.profile"

    @expose("/")
    def index(self):
        today = now_utc().astimezone(IST).date()
        with self.uow() as uow:
            card = scorecard.for_center(uow.session, center_id=self.center_id(), today=today)
        peak = max((w.paid for _, w in card.trend if w is not None), default=0) or 1
        return self.render("partner/scorecard.html", card=card, peak=peak,
                           misses={days: card.targets.misses(sla) if sla else [] for days, sla in card.windows.items()})
