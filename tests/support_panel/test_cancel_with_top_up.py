"""A booking topped up after a move to a dearer center: cancelling refunds every captured payment per the
policy, and a top-up paid only after the cancellation is refunded in full on arrival."""
from __future__ import annotations

from sqlalchemy import select

from core.clock import now_utc
from core.models import Booking, BookingStatus, Refund, Role
from core.payments import capture
from tests.support_panel.conftest import CHEAP, DEAR, act, payments_of


def _moved_to_the_dearer_center(login, case):
    agent = login(case.staff[Role.SUPPORT_AGENT])[0]
    assert act(agent, case, "reschedule", new_slot_id=case.slot_ids["dear"], reason="closer to home").status_code == 303
    return agent


def _capture(container, payment) -> str:
    with container.uow() as uow:
        said = capture.captured(uow.session, payment_id=payment.id, provider_payment_id=f"pay_{payment.id}",
                                amount_paise=payment.amount_paise, finance=container.adapters["finance"], now=now_utc())
        uow.commit()
        return said


def _refunds(container, case) -> dict[int, int]:
    """Refunded paise by payment id."""
    with container.uow() as uow:
        rows = uow.session.execute(select(Refund.payment_id, Refund.amount_paise).where(Refund.booking_id == case.booking_id))
        return dict(rows.all())


def test_cancelling_a_topped_up_booking_refunds_both_payments(container, login, case):
    agent = _moved_to_the_dearer_center(login, case)
    first, top_up = payments_of(container, case.booking_id)
    _capture(container, top_up)
    assert act(agent, case, "cancel", reason="patient travelling").status_code == 303
    container.jobs.drain()  # the payments subscriber asks for the policy refund
    assert _refunds(container, case) == {first.id: CHEAP, top_up.id: DEAR - CHEAP}


def test_a_top_up_paid_after_the_cancellation_is_refunded_on_arrival(container, login, case):
    agent = _moved_to_the_dearer_center(login, case)
    first, top_up = payments_of(container, case.booking_id)
    assert act(agent, case, "cancel", reason="patient travelling").status_code == 303
    container.jobs.drain()
    assert _refunds(container, case) == {first.id: CHEAP}
    assert "booking_closed" in _capture(container, top_up)
    assert _refunds(container, case) == {first.id: CHEAP, top_up.id: DEAR - CHEAP}
    with container.uow() as uow:
        assert uow.session.get(Booking, case.booking_id).status is BookingStatus.CANCELLED
