"""The refund approval queue: large refunds wait; a second person (never the requester) approves or
rejects; an approved refund goes to the provider; the patient is told either way (refund_decided)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.errors import Forbidden, IllegalTransition
from core.models import OutboxMessage, RefundStatus, Role
from core.payments import refunds
from tests.payments.conftest import FINANCE


def _large(session, pay, actor, key):
    payment = pay.paid(price_paise=800000)
    return refunds.request(session, actor=actor, payment_id=payment.id, amount_paise=600000,
                           reason="scan not done", idempotency_key=key, finance=FINANCE)


def _decisions(session, refund) -> list[dict]:
    session.flush()
    return [m.payload for m in session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "refund_decided"))
            if m.payload["refund_id"] == refund.id]


def test_the_queue_lists_refunds_awaiting_approval_oldest_first(session, pay):
    first = _large(session, pay, pay.staff(Role.SUPPORT_AGENT), "queue-first-1")
    second = _large(session, pay, pay.staff(Role.FINANCE), "queue-second-1")
    queue = [r.id for r in refunds.awaiting_approval(session, actor=pay.staff(Role.SUPER_ADMIN))]
    assert queue.index(first.id) < queue.index(second.id)
    with pytest.raises(Forbidden, match="refund.approve"):
        refunds.awaiting_approval(session, actor=pay.staff(Role.FINANCE))


def test_the_requester_cannot_approve_but_a_second_super_admin_can(session, pay, provider):
    requester, second = pay.staff(Role.SUPER_ADMIN), pay.staff(Role.SUPER_ADMIN)
    refund = _large(session, pay, requester, "two-people-1")
    assert refund.status is RefundStatus.AWAITING_APPROVAL
    with pytest.raises(IllegalTransition, match="second person"):
        refunds.approve(session, actor=requester, refund_id=refund.id)
    refunds.approve(session, actor=second, refund_id=refund.id)
    pay.deliver()
    assert refund.status is RefundStatus.PROCESSED and provider.named("refund")[0]["amount_paise"] == 600000
    assert _decisions(session, refund) == [{"refund_id": refund.id, "approved": True}]


def test_the_requester_cannot_reject_either(session, pay):
    requester = pay.staff(Role.SUPER_ADMIN)
    refund = _large(session, pay, requester, "two-people-2")
    with pytest.raises(IllegalTransition, match="second person"):
        refunds.reject(session, actor=requester, refund_id=refund.id, reason="changed my mind")


def test_a_rejection_tells_the_patient_and_sends_nothing(session, pay, provider):
    refund = _large(session, pay, pay.staff(Role.SUPPORT_AGENT), "rejected-1")
    refunds.reject(session, actor=pay.staff(Role.SUPER_ADMIN), refund_id=refund.id, reason="already compensated")
    pay.deliver()
    assert provider.named("refund") == [] and refund.failure_reason == "already compensated"
    assert _decisions(session, refund) == [{"refund_id": refund.id, "approved": False}]
