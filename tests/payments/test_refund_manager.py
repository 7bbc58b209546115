"""The refund manager: list by state, retry a failed refund once however often it is pressed."""
from __future__ import annotations

import pytest

from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, ValidationError
from core.models import RefundStatus, Role
from core.payments import refund_manager, refund_sending, refunds
from core.payments.provider import ProviderError
from tests.payments.conftest import FINANCE


@pytest.fixture
def failed(session, pay, provider):
    def refuse(**kw):
        raise ProviderError("bank account closed", retryable=False)
    provider.refund = refuse
    payment = pay.paid()
    refund = refunds.request(session, actor=pay.staff(), payment_id=payment.id, amount_paise=50000,
                             reason="goodwill", idempotency_key="manual-fail-1", finance=FINANCE)
    refund_sending.send(session, refund_id=refund.id, provider=provider)
    assert refund.status is RefundStatus.FAILED
    return refund


def test_a_failed_refund_is_listed_and_retried_once(session, pay, failed):
    agent = pay.staff()
    assert failed.id in [r.id for r in refund_manager.get_all(session, actor=agent, status="failed")]
    first = refund_manager.retry(session, actor=agent, refund_id=failed.id, finance=FINANCE)
    again = refund_manager.retry(session, actor=agent, refund_id=failed.id, finance=FINANCE)
    assert first.id == again.id and first.amount_paise == 50000 and "retry of refund" in first.reason
    assert first.status is RefundStatus.QUEUED


def test_only_a_failed_refund_is_retried_and_only_by_staff_who_refund(session, pay, failed, factories):
    retried = refund_manager.retry(session, actor=pay.staff(), refund_id=failed.id, finance=FINANCE)
    with pytest.raises(IllegalTransition):
        refund_manager.retry(session, actor=pay.staff(), refund_id=retried.id, finance=FINANCE)
    with pytest.raises(Forbidden):
        refund_manager.get_all(session, actor=Actor.of(factories.staff(Role.MARKETING)))
    with pytest.raises(ValidationError):
        refund_manager.get_all(session, actor=pay.staff(), status="lost")
