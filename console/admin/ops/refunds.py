"""Money queues that used to reach nobody: refunds above the approval threshold (a second person approves
or rejects, never the requester; an approved refund goes to the provider), flagged payments and failed
refunds (retried once through core.payments.refund_manager)."""
from __future__ import annotations

from flask import current_app, redirect
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from console.adminkit.pages import ButtonForm, PanelPage
from core.models.payments import Payment
from core.models.refunds import Refund, RefundStatus
from core.models.users import User
from core.payments import problem_queues, refund_manager, refunds


class RejectForm(FlaskForm):
    reason = StringField("Reason for rejecting (the patient is told)", validators=[DataRequired(), Length(max=500)])


def _with_bookings(session, rows: list[Refund]) -> list[Refund]:
    ids = [r.id for r in rows]
    if not ids:
        return []
    query = select(Refund).where(Refund.id.in_(ids)).options(joinedload(Refund.payment).joinedload(Payment.booking))
    loaded = {r.id: r for r in session.scalars(query).unique()}
    return [loaded[i] for i in ids]


def _names(session, rows: list[Refund]) -> dict[int, str]:
    ids = {r.requested_by_id for r in rows if r.requested_by_id}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


class RefundApprovalPage(PanelPage):
    permission = "refund.approve"

    @expose("/")
    def index(self):
        with self.reading() as (session, actor):
            waiting = _with_bookings(session, refunds.awaiting_approval(session, actor=actor))
            return self.render("admin_panel/refund_approvals.html", refunds=waiting, names=_names(session, waiting),
                               me=actor.user_id, approve=ButtonForm(),
                               reject=RejectForm(prefix="reject"))

    @expose("/<int:refund_id>/approve", methods=("POST",))
    def approve(self, refund_id: int):
        self.checked(ButtonForm())
        self.through_core(lambda session, actor: refunds.approve(session, actor=actor, refund_id=refund_id),
                          done=f"Refund {refund_id} approved: it goes to the payment provider; the patient is told.")
        return redirect(self.get_url(".index"))

    @expose("/<int:refund_id>/reject", methods=("POST",))
    def reject(self, refund_id: int):
        form = RejectForm(prefix="reject")
        self.checked(form)
        self.through_core(lambda session, actor: refunds.reject(session, actor=actor, refund_id=refund_id,
                                                                reason=form.reason.data),
                          done=f"Refund {refund_id} rejected; the patient is told why.")
        return redirect(self.get_url(".index"))


class PaymentProblemsPage(PanelPage):
    permission = "booking.refund"

    @expose("/")
    def index(self):
        with self.reading() as (session, actor):
            failed = _with_bookings(session, refund_manager.get_all(session, actor=actor, status=RefundStatus.FAILED))
            return self.render("admin_panel/payment_problems.html", failed=failed,
                               flagged=problem_queues.flagged(session, actor=actor), retry=ButtonForm())

    @expose("/refunds/<int:refund_id>/retry", methods=("POST",))
    def retry(self, refund_id: int):
        self.checked(ButtonForm())
        finance = current_app.extensions["medezy"].adapters["finance"]
        self.through_core(lambda session, actor: refund_manager.retry(session, actor=actor, refund_id=refund_id,
                                                                      finance=finance),
                          done=f"Refund {refund_id} asked for again.")
        return redirect(self.get_url(".index"))
