"""The refund approval queue (a second person decides, never the requester; an approved refund reaches
the provider) and the payment problem queues (flagged payments, failed refunds retried)."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.models import Refund, RefundStatus, Role
from core.models.payments import PaymentFlag
from core.payments import refund_sending, refunds
from core.payments.provider import ProviderObject
from tests.admin_ops.conftest import audit_actions, post
from tests.factories import Factories
from tests.payments.conftest import FINANCE, Payments, RecordingProvider

QUEUE, PROBLEMS = "/admin/refund-approvals/", "/admin/payment-problems/"


class Recorder(RecordingProvider):
    """Refund ids unique across tests: they share one database, and provider refund ids are unique there."""

    def refund(self, **kw):
        return ProviderObject(id=f"rfnd_{uuid.uuid4().hex[:14]}", status=super().refund(**kw).status)


@pytest.fixture
def provider(container) -> Recorder:
    """The payment adapter the container's jobs send refunds to."""
    container.adapters["payments"] = recorder = Recorder()
    return recorder


@pytest.fixture
def money(container, provider):
    """`money(recipe)`: run `recipe(pay, session)` with payment shortcuts in a committed session."""
    def run(recipe):
        with container.session_factory() as session:
            result = recipe(Payments(session, Factories(session), provider), session)
            session.commit()
            return result
    return run


def _large_refund(money, requester) -> int:
    def recipe(pay, session):
        payment = pay.paid(price_paise=800000)
        return refunds.request(session, actor=Actor.of(requester), payment_id=payment.id, amount_paise=600000,
                               reason="scan not done", idempotency_key=f"admin-queue-{payment.id}",
                               finance=FINANCE).id
    return money(recipe)


def _refund(container, refund_id: int) -> Refund:
    with container.session_factory() as session:
        return session.get(Refund, refund_id)


def test_the_requester_cannot_approve_and_a_second_super_admin_sends_it(container, login, money, make, provider):
    requester, second = make(lambda f: (f.staff(Role.SUPER_ADMIN), f.staff(Role.SUPER_ADMIN)))
    refund_id = _large_refund(money, requester)
    own = login(requester)[0]
    assert "a colleague decides it" in own.get(QUEUE).get_data(as_text=True)
    refused = post(own, QUEUE, f"{QUEUE}{refund_id}/approve", follow_redirects=True)
    assert "second person" in refused.get_data(as_text=True)
    assert _refund(container, refund_id).status is RefundStatus.AWAITING_APPROVAL
    colleague = login(second)[0]
    approved = post(colleague, QUEUE, f"{QUEUE}{refund_id}/approve", follow_redirects=True)
    assert f"Refund {refund_id} approved" in approved.get_data(as_text=True)
    container.jobs.drain()
    assert _refund(container, refund_id).status is RefundStatus.PROCESSED
    assert [kw["amount_paise"] for kw in provider.named("refund")] == [600000]
    assert ("refund.approved", second.id) in audit_actions(container, "refund", refund_id)


def test_a_rejection_needs_a_reason_and_sends_nothing(container, login, money, world, provider):
    refund_id = _large_refund(money, world["staff"][Role.SUPPORT_AGENT])
    admin = login(world["staff"][Role.SUPER_ADMIN])[0]
    assert post(admin, QUEUE, f"{QUEUE}{refund_id}/reject", field="reject-csrf_token").status_code == 400
    post(admin, QUEUE, f"{QUEUE}{refund_id}/reject", {"reject-reason": "already compensated"},
         field="reject-csrf_token")
    container.jobs.drain()
    refund = _refund(container, refund_id)
    assert refund.status is RefundStatus.REJECTED and refund.failure_reason == "already compensated"
    assert provider.named("refund") == []
    assert [a for a, _ in audit_actions(container, "refund", refund_id)][-1] == "refund.rejected"


def test_an_approval_without_the_csrf_token_changes_nothing(container, login, money, world):
    refund_id = _large_refund(money, world["staff"][Role.SUPPORT_AGENT])
    admin = login(world["staff"][Role.SUPER_ADMIN])[0]
    assert admin.post(f"{QUEUE}{refund_id}/approve").status_code == 400
    assert _refund(container, refund_id).status is RefundStatus.AWAITING_APPROVAL


@pytest.mark.parametrize("role", [Role.OPS_MANAGER, Role.FINANCE, Role.MARKETING])
def test_only_super_admins_open_the_approval_queue(signed_in, role):
    assert signed_in(role).get(QUEUE).status_code == 403


def _failed_refund(money) -> int:
    def recipe(pay, session):
        payment = pay.paid(price_paise=300000)
        refund = refunds.request(session, actor=pay.staff(Role.FINANCE), payment_id=payment.id,
                                 amount_paise=100000, reason="goodwill", idempotency_key=f"admin-fail-{payment.id}",
                                 finance=FINANCE)
        refund_sending.send(session, refund_id=refund.id, provider=pay.provider)
        refund_sending.confirm(session, provider_refund_id=refund.provider_refund_id, refund_id=None,
                               processed=False, reason="bank account closed")
        return refund.id
    return money(recipe)


def test_finance_retries_a_failed_refund_from_the_problem_queue(container, login, world, money, provider):
    provider.refund_status = "pending"  # the provider accepts it, then reports the failure
    failed_id = _failed_refund(money)
    finance = world["staff"][Role.FINANCE]
    client = login(finance)[0]
    page = client.get(PROBLEMS).get_data(as_text=True)
    assert "bank account closed" in page
    post(client, PROBLEMS, f"{PROBLEMS}refunds/{failed_id}/retry")
    with container.session_factory() as session:
        retried = session.scalar(select(Refund).where(Refund.idempotency_key == f"retry-of-{failed_id}"))
    assert retried is not None and retried.amount_paise == 100000
    assert ("refund.requested", finance.id) in audit_actions(container, "refund", retried.id)


def test_flagged_payments_are_listed_with_their_booking(container, signed_in, money):
    def recipe(pay, session):
        payment = pay.paid(price_paise=300000)
        payment.flag = PaymentFlag.LATE_SLOT_TAKEN  # what capture sets when the slot went to someone else
        return payment.booking.reference
    reference = money(recipe)
    page = signed_in(Role.OPS_MANAGER).get(PROBLEMS).get_data(as_text=True)
    assert reference in page and "Paid after the slot was taken" in page
