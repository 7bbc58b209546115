"""Payment problems reach a person: flagged payments and failed refunds become staff tickets, once."""
from datetime import timedelta

from sqlalchemy import select

from core.models import AuditEntry, Refund, RefundKind, RefundStatus, Role
from core.models.tickets import Ticket, TicketPriority, TicketStatus
from core.payments import escalations, subscribers

BOTH = {topic: subscribers.SUBSCRIPTIONS.get(topic, []) + escalations.SUBSCRIPTIONS.get(topic, [])
        for topic in {*subscribers.SUBSCRIPTIONS, *escalations.SUBSCRIPTIONS}}


def _tickets(session, booking_id) -> list[Ticket]:
    return list(session.scalars(select(Ticket).where(Ticket.booking_id == booking_id).order_by(Ticket.id)))


def _late_payment(pay, factories):
    """A patient pays after their hold lapsed and someone else took the only place."""
    slot = factories.slot(capacity=1)
    late = pay.hold(slot=slot)
    payment = pay.checkout(late)
    pay.hold(slot=slot, now=late.hold_expires_at + timedelta(minutes=1))
    for event_id, body in pay.events(payment):
        pay.send(body, event_id, now=late.hold_expires_at + timedelta(minutes=2))
    return late, payment


def test_a_payment_after_the_slot_was_taken_opens_an_escalated_high_priority_ticket(session, pay, factories):
    booking, payment = _late_payment(pay, factories)
    pay.deliver(subscriptions=BOTH)
    [ticket] = _tickets(session, booking.id)
    assert (ticket.priority, ticket.status, ticket.escalated) == (TicketPriority.HIGH, TicketStatus.OPEN, True)
    assert ticket.user_id == booking.user_id
    assert f"Payment {payment.id}" in ticket.subject and "paid after the slot was taken" in ticket.subject
    assert "₹" in ticket.subject and "full refund queued" in ticket.subject
    session.commit()  # audit entries are sealed at commit (a savepoint here)
    opened = session.scalar(select(AuditEntry).where(AuditEntry.action == "ticket.opened",
                                                     AuditEntry.entity_id == str(ticket.id)))
    assert opened is not None and "late_slot_taken" in opened.reason


def test_a_redelivered_flag_does_not_open_a_second_ticket(session, pay, factories):
    booking, payment = _late_payment(pay, factories)
    pay.deliver(subscriptions=BOTH)
    escalations.on_payment_flagged(session, {"payment_id": payment.id, "booking_id": booking.id,
                                             "flag": "late_slot_taken"}, pay.c)
    assert len(_tickets(session, booking.id)) == 1


def test_a_failed_refund_opens_a_ticket_with_the_refund_and_the_reason(session, pay, provider):
    provider.refund_status = "pending"
    payment = pay.paid()
    from core.payments import refunds
    from tests.payments.conftest import FINANCE
    refund = refunds.request(session, actor=pay.staff(), payment_id=payment.id, amount_paise=10000,
                             reason="scan delayed", idempotency_key="esc-fail-0001", finance=FINANCE)
    pay.deliver(subscriptions=BOTH)
    pay.webhook("refund.failed", refund={"id": refund.provider_refund_id, "amount": 10000, "notes": {},
                                         "error": {"description": "bank account closed"}})
    pay.deliver(subscriptions=BOTH)
    [ticket] = _tickets(session, payment.booking_id)
    assert ticket.priority is TicketPriority.HIGH and not ticket.escalated
    assert f"Refund {refund.id} of ₹100" in ticket.subject and "bank account closed" in ticket.subject
    assert session.get(Refund, refund.id).failure_reason == "bank account closed"


def test_an_unrelated_open_ticket_does_not_swallow_the_refund_failure(session, pay, provider):
    from core import tickets
    from core.actors import Actor
    provider.refund_status = "pending"
    payment = pay.paid()
    patient = payment.booking.user
    tickets.open_ticket(session, actor=Actor.of(patient), user_id=patient.id, subject="Where is my center?",
                        booking_id=payment.booking_id)
    refund = Refund(payment_id=payment.id, booking_id=payment.booking_id, amount_paise=5000, reason="x",
                    kind=RefundKind.MANUAL, status=RefundStatus.FAILED, requested_by_role=Role.SUPPORT_AGENT,
                    idempotency_key="esc-fail-0002", failure_reason="insufficient balance")
    session.add(refund)
    session.flush()
    escalations.on_refund_failed(session, {"refund_id": refund.id}, pay.c)
    subjects = [t.subject for t in _tickets(session, payment.booking_id)]
    assert subjects[0] == "Where is my center?" and "insufficient balance" in subjects[1]
