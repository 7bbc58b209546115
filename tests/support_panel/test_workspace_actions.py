"""Each action of the workspace through the console: CSRF checked, a reason required, an illegal request a 4xx
that changes nothing, every change audited."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.models import AuditEntry, Booking, BookingStatus, CreditEntry, Notification, Refund, Role, User
from tests.support_panel.conftest import act, workspace_url

S = BookingStatus


def _booking(container, case) -> Booking:
    with container.uow() as uow:
        booking = uow.session.get(Booking, case.booking_id)
        uow.session.expunge(booking)
        return booking


def _audited(container, action: str, entity_id) -> list[str | None]:
    with container.uow() as uow:
        return list(uow.session.scalars(select(AuditEntry.reason).where(
            AuditEntry.action == action, AuditEntry.entity_id == str(entity_id))))


def _count(container, model, condition) -> int:
    """Rows of `model` meeting `condition` (the test database is shared, so always this case's rows)."""
    with container.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model).where(condition))


@pytest.fixture
def agent(login, case):
    return login(case.staff[Role.SUPPORT_AGENT])[0]


def test_a_post_without_its_csrf_token_is_400_and_changes_nothing(container, agent, case):
    response = agent.post(f"{workspace_url(case)}/cancel", data={"reason": "patient asked"})
    assert response.status_code == 400 and _booking(container, case).status is S.PENDING


def test_confirm_on_behalf_of_the_center_needs_a_reason(container, agent, case):
    refused = act(agent, case, "confirm", reason="  ")
    assert refused.status_code == 422 and "Say why support confirms" in refused.get_data(as_text=True)
    assert _booking(container, case).status is S.PENDING
    done = act(agent, case, "confirm", reason="center confirmed by phone")
    assert done.status_code == 303 and _booking(container, case).status is S.CONFIRMED
    assert _audited(container, "booking.confirmed", case.booking_id) == ["on behalf of the center: center confirmed by phone"]


def test_cancel_with_refund_needs_a_reason_then_refunds_what_the_policy_said(container, agent, case):
    assert act(agent, case, "cancel", reason="").status_code == 422
    assert _booking(container, case).status is S.PENDING
    assert act(agent, case, "cancel", reason="patient travelling").status_code == 303
    assert _booking(container, case).status is S.CANCELLED
    container.jobs.drain()  # the payments subscriber asks for the policy refund
    with container.uow() as uow:
        assert uow.session.scalar(select(Refund.amount_paise).where(Refund.booking_id == case.booking_id)) == 400000


def test_cancelling_twice_is_a_409_and_the_second_changes_nothing(container, agent, case):
    act(agent, case, "cancel", reason="patient travelling")
    audits = len(_audited(container, "booking.cancelled", case.booking_id))
    again = act(agent, case, "cancel", reason="again")
    assert again.status_code == 409 and "cannot become cancelled" in again.get_data(as_text=True)
    assert len(_audited(container, "booking.cancelled", case.booking_id)) == audits == 1


def test_goodwill_credit_within_the_limit_shows_the_new_balance(container, agent, case):
    over = act(agent, case, "credit", rupees="1000.01", reason="late report")
    assert over.status_code == 422 and _count(container, CreditEntry, CreditEntry.user_id == case.patient_id) == 0
    assert act(agent, case, "credit", rupees="250", reason="").status_code == 422
    page = agent.get(act(agent, case, "credit", rupees="250", reason="late report").location).get_data(as_text=True)
    assert "the balance is now ₹250" in page and '<strong id="credit-balance">₹250</strong>' in page
    assert _audited(container, "credit.issued", case.patient_id) == ["late report"]


def test_a_partial_refund_with_a_reason(container, agent, case):
    assert act(agent, case, "refund", rupees="abc", reason="x").status_code == 422
    assert act(agent, case, "refund", rupees="500", reason="").status_code == 422
    assert act(agent, case, "refund", rupees="500", reason="scan room was cold").status_code == 303
    with container.uow() as uow:
        refund = uow.session.scalar(select(Refund).where(Refund.booking_id == case.booking_id))
        assert (refund.amount_paise, refund.status.value) == (50000, "queued")


def test_a_refund_over_what_was_paid_is_refused(container, agent, case):
    response = act(agent, case, "refund", rupees="4000.01", reason="too much")
    assert response.status_code == 422 and _count(container, Refund, Refund.booking_id == case.booking_id) == 0


def test_message_the_patient_and_the_center_keeps_the_delivery_state(container, agent, case):
    assert act(agent, case, "message", to="patient", channel="sms", text="Your report is ready.").status_code == 303
    assert act(agent, case, "message", to="center", channel="whatsapp", text="Please confirm this urgent case").status_code == 303
    assert act(agent, case, "message", to="patient", channel="whatsapp", text="").status_code == 422
    with container.uow() as uow:
        rows = uow.session.execute(select(Notification.channel, Notification.center_id, Notification.state)
                                   .where(Notification.booking_id == case.booking_id, Notification.trigger == "manual")
                                   .order_by(Notification.id)).all()
    assert [(r.channel.value, r.center_id) for r in rows] == [("sms", None), ("whatsapp", case.center_ids[0])]
    page = agent.get(workspace_url(case)).get_data(as_text=True)
    assert "Please confirm this urgent case" in page and 'id="sent"' in page


def test_roles_outside_support_cannot_post(container, login, case):
    with container.session_factory(expire_on_commit=False) as session:
        patient = session.get(User, case.patient_id)
    for user in [case.staff[Role.FINANCE], case.staff[Role.MARKETING], case.staff[Role.PARTNER_STAFF], patient]:
        client, _ = login(user)
        assert client.post(f"{workspace_url(case)}/cancel", data={"reason": "x"}).status_code == 403, user.role
    assert _booking(container, case).status is S.PENDING
