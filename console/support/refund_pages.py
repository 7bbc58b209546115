"""The refund manager: start a full or partial refund by booking reference, list refunds by state, retry a
failed one; refunds above the threshold wait here for an admin (who approves or rejects them here too)."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import StringField

from console.access import can, gate
from console.auth import current_actor
from console.posted import submitted
from console.support import blueprint, outcome
from console.support.workspace_forms import RefundForm, paise
from console.support.workspace_pages import container
from core.actors import Actor
from core.booking import queries
from core.errors import DomainError
from core.payments import refund_manager, refunds
from core.support import booking_actions

# The refund states as support speaks of them (core's names in brackets where they differ).
STATES = [("", "All"), ("queued", "Requested"), ("awaiting_approval", "Awaiting approval"),
          ("pending", "Processing"), ("processed", "Processed"), ("failed", "Failed"), ("rejected", "Rejected")]
SPOKEN = dict(STATES[1:])


class StartForm(RefundForm):
    reference = StringField("Booking reference")


class DecisionForm(FlaskForm):
    reason = StringField("Reason (required to reject)")


@blueprint.get("/refunds")
@gate("booking.refund")
def refund_manager_page(status: int = 200):
    state = request.args.get("state", "")[:20]
    with container().uow() as uow:
        try:
            found = refund_manager.get_all(uow.session, actor=current_actor(), status=state or None)
        except DomainError as error:
            flash(str(error), "error")
            found, status = [], 422
        return render_template("support/refunds.html", refunds=found, states=STATES, spoken=SPOKEN, state=state,
                               start=StartForm(), decide=DecisionForm(), approver=can("refund.approve")), status


@blueprint.post("/refunds/start")
@gate("booking.refund")
def refund_start():
    form = submitted(StartForm)
    return _perform(lambda s, a: _started(s, a, form))


@blueprint.post("/refunds/<int:refund_id>/retry")
@gate("booking.refund")
def refund_retry(refund_id: int):
    submitted(DecisionForm)
    return _perform(lambda s, a: "Retry requested as refund #%d." % refund_manager.retry(
        s, actor=a, refund_id=refund_id, finance=container().adapters["finance"]).id)


@blueprint.post("/refunds/<int:refund_id>/approve")
@gate("refund.approve")
def refund_approve(refund_id: int):
    submitted(DecisionForm)
    return _perform(lambda s, a: refunds.approve(s, actor=a, refund_id=refund_id) and "Approved; the refund is on its way.")


@blueprint.post("/refunds/<int:refund_id>/reject")
@gate("refund.approve")
def refund_reject(refund_id: int):
    reason = submitted(DecisionForm).reason.data or ""
    return _perform(lambda s, a: refunds.reject(s, actor=a, refund_id=refund_id, reason=reason) and "Rejected.")


def _started(session: Session, actor: Actor, form) -> str:
    booking = queries.get_by_reference(session, actor=actor, reference=form.reference.data or "")
    refund = booking_actions.start_refund(session, actor=actor, booking_id=booking.id, reason=form.reason.data or "",
                                          amount_paise=paise(form.rupees.data), request_id=form.request_id.data or "",
                                          finance=container().adapters["finance"])
    waiting = refund.status.value == "awaiting_approval"
    waits = " It is above the threshold and waits for an admin's approval." if waiting else ""
    return f"Refund #{refund.id} for {booking.reference} started.{waits}"


def _perform(work: Callable[[Session, Actor], str]):
    return outcome.run(work, done=url_for("support.refund_manager_page"),
                       refused=lambda status: refund_manager_page(status=status))
