"""The refund manager: start a refund by reference, list by state, retry a failed one; above the threshold a
refund waits for an admin's approval and nothing is sent until then."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from core.models import Refund, RefundStatus, Role
from tests.conftest import csrf_token


@pytest.fixture
def low_threshold(container):
    """Refunds above ₹1,000 need an admin (the case's payment is ₹4,000)."""
    finance = container.adapters["finance"]
    container.adapters["finance"] = dataclasses.replace(finance, approval_threshold_paise=100000)
    yield
    container.adapters["finance"] = finance


def _post(client, path: str, **fields):
    token = csrf_token(client.get("/support/refunds").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **fields})


def _refunds(container, case) -> list[tuple]:
    with container.uow() as uow:
        return list(uow.session.execute(select(Refund.id, Refund.amount_paise, Refund.status)
                                        .where(Refund.booking_id == case.booking_id).order_by(Refund.id)).tuples())


def test_a_refund_over_the_threshold_waits_for_an_admin(container, login, case, low_threshold):
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    started = _post(agent, "/support/refunds/start", reference=case.reference, rupees="2000", reason="wrong scan booked")
    assert started.status_code == 303
    [(refund_id, amount, status)] = _refunds(container, case)
    assert (amount, status) == (200000, RefundStatus.AWAITING_APPROVAL)
    container.jobs.drain()
    assert _refunds(container, case)[0][2] is RefundStatus.AWAITING_APPROVAL  # nothing went to the provider
    listed = agent.get("/support/refunds", query_string={"state": "awaiting_approval"}).get_data(as_text=True)
    assert f"#{refund_id}" in listed and "an admin decides" in listed
    assert _post(agent, f"/support/refunds/{refund_id}/approve").status_code == 403  # not the agent's call
    admin, _ = login(case.staff[Role.SUPER_ADMIN])
    assert _post(admin, f"/support/refunds/{refund_id}/approve").status_code == 303
    assert _refunds(container, case)[0][2] is not RefundStatus.AWAITING_APPROVAL


def test_a_refund_needs_a_known_reference_and_a_reason(container, login, case):
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert _post(agent, "/support/refunds/start", reference="MZNOPE00", rupees="10", reason="x").status_code == 404
    assert _post(agent, "/support/refunds/start", reference=case.reference, rupees="10", reason="").status_code == 422
    assert _refunds(container, case) == []


def test_a_failed_refund_is_retried_once(container, login, case):
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    _post(agent, "/support/refunds/start", reference=case.reference, rupees="100", reason="goodwill")
    with container.uow() as uow:
        refund = uow.session.scalar(select(Refund).where(Refund.booking_id == case.booking_id))
        refund.status, refund.failure_reason = RefundStatus.FAILED, "bank rejected"
        refund.payment.refunded_paise -= refund.amount_paise  # a failed refund gives its amount back
        uow.commit()
        failed_id = refund.id
    assert _post(agent, f"/support/refunds/{failed_id}/retry").status_code == 303
    assert _post(agent, f"/support/refunds/{failed_id}/retry").status_code == 303  # the same retry, not a second
    assert [r[1] for r in _refunds(container, case)] == [10000, 10000]
    assert "bank rejected" in agent.get("/support/refunds", query_string={"state": "failed"}).get_data(as_text=True)
