"""Patient updates sent when a booking moves: in the 24-hour window as text, outside it as templates."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import outbox
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc, show
from core.conversations import log
from core.models import Role
from core.models.conversations import Conversation, Direction, Message
from core.models.outbox import OutboxMessage
from tests.factories import Factories
from tests.gateway.conftest import PDF
from wiring import tasks


@pytest.fixture
def booking(gateway):
    """A paid, confirmed booking of a patient who wrote to us an hour ago."""
    with gateway.session_factory() as session:
        f = Factories(session)
        patient, slot = f.patient(), f.slot()
        held = bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                             patient=bookings.PatientDetails(name="Meera Pillai"))
        conversation = log.get_or_create(session, phone=patient.phone)
        conversation.last_inbound_at = now_utc() - timedelta(hours=1)
        session.commit()
    yield held
    _retire(gateway, held)


def _retire(gateway, booking) -> None:
    """Cancel a booking still held: its hold would lapse while later tests sweep every lapsed hold."""
    from core.models import Booking, BookingStatus
    with gateway.session_factory() as session:
        if session.get(Booking, booking.id).status is BookingStatus.HELD:
            bookings.cancel(session, actor=Actor(Role.SYSTEM, None), booking_id=booking.id, reason="test over")
            session.commit()


def _deliver(gateway, topic, **payload):
    with gateway.uow() as uow:
        message = outbox.emit(uow.session, topic, **payload)
        uow.session.commit()
    tasks.deliver_outbox(gateway, message.id)
    gateway.jobs.drain()  # the notifications queued by the handler, then their send jobs


def _sent(gateway, booking) -> list[str]:
    with gateway.session_factory() as session:
        conversation = session.scalar(select(Conversation).where(Conversation.phone == _phone(session, booking)))
        return list(session.scalars(select(Message.body).where(Message.conversation_id == conversation.id,
                                                               Message.direction == Direction.OUT)
                                    .order_by(Message.id)))


def _phone(session, booking):
    from core.models import User
    return session.get(User, booking.user_id).phone


def test_confirmation_carries_the_full_address_and_prep(gateway, booking):
    _deliver(gateway, "booking_confirmed", booking_id=booking.id)
    [text] = _sent(gateway, booking)
    assert booking.reference in text and "Shanti Plaza" in text and "How to prepare" in text


def test_payment_message_says_the_center_will_confirm(gateway, booking):
    _deliver(gateway, "booking_paid", booking_id=booking.id)
    assert "Waiting for the center to confirm" in _sent(gateway, booking)[0]


def test_outside_the_window_a_template_is_used(gateway, booking):
    with gateway.session_factory() as session:
        conversation = session.scalar(select(Conversation).where(Conversation.phone == _phone(session, booking)))
        conversation.last_inbound_at = now_utc() - timedelta(hours=30)
        session.commit()
    _deliver(gateway, "booking_confirmed", booking_id=booking.id)
    assert _sent(gateway, booking)[0].startswith("[template booking_confirmed]")


def test_report_ready_sends_a_signed_expiring_link(gateway, booking):
    from core import documents
    with gateway.session_factory() as session:
        partner = Factories(session).staff(Role.PARTNER_STAFF, center=session.get(type(booking), booking.id).center)
        bookings.mark_paid(session, booking_id=booking.id)
        bookings.confirm(session, actor=Actor.of(partner), booking_id=booking.id)
        after = session.get(type(booking), booking.id).slot.starts_at + timedelta(hours=1)
        bookings.complete(session, actor=Actor.of(partner), booking_id=booking.id, now=after)
        documents.upload_report(session, gateway.adapters["storage"], actor=Actor.of(partner), booking_id=booking.id,
                                data=PDF, content_type="application/pdf")
        session.commit()
    _deliver(gateway, "report_ready", booking_id=booking.id)
    text = _sent(gateway, booking)[-1]
    assert "report" in text and "/files/" in text and "sig=" in text and "expires=" in text


def test_completion_asks_for_nps_through_rasa(gateway, booking, rasa):
    _deliver(gateway, "booking_completed", booking_id=booking.id)
    [trigger] = rasa.triggered
    assert trigger["name"] == "EXTERNAL_nps_request" and trigger["entities"] == {"booking_ref": booking.reference}
    assert trigger["token"] == "rasa-secret"
    assert "0-10" in _sent(gateway, booking)[0]


def test_a_failed_payment_gets_a_fresh_link_while_the_hold_lasts(gateway, booking):
    from core.payments import checkout
    with gateway.session_factory() as session:
        first = checkout.start_checkout(session, booking_id=booking.id, provider=gateway.adapters["payments"], finance=gateway.adapters["finance"])
        session.commit()
    _deliver(gateway, "payment_failed", booking_id=booking.id, payment_id=first.id)
    text = _sent(gateway, booking)[-1]
    assert "did not go through" in text and "/sandbox/pay/" in text and first.link_url not in text


def test_a_failed_payment_after_the_hold_lapsed_sends_nothing(gateway, booking):
    with gateway.session_factory() as session:
        session.get(type(booking), booking.id).hold_expires_at = now_utc() - timedelta(minutes=1)
        session.commit()
    _deliver(gateway, "payment_failed", booking_id=booking.id, payment_id=0)
    assert _sent(gateway, booking) == []


def test_a_processed_refund_is_announced_with_its_amount(gateway, booking):
    from core.models.payments import Payment
    from core.models.refunds import Refund, RefundKind, RefundStatus
    with gateway.session_factory() as session:
        payment = Payment(booking_id=booking.id, amount_paise=500000, provider="sandbox")
        session.add(payment)
        session.flush()
        refund = Refund(payment_id=payment.id, booking_id=booking.id, amount_paise=250000, kind=RefundKind.POLICY,
                        status=RefundStatus.PROCESSED, reason="patient cancelled", idempotency_key=f"t-{payment.id}",
                        requested_by_role=Role.SYSTEM)
        session.add(refund)
        session.commit()
    _deliver(gateway, "refund_issued", refund_id=refund.id, booking_id=booking.id)
    assert "Refund of ₹2,500" in _sent(gateway, booking)[-1]


def _reschedule(gateway, booking, role):
    with gateway.session_factory() as session:
        f = Factories(session)
        held = session.get(type(booking), booking.id)
        earlier = show(held.slot.starts_at)
        later = f.slot(center=held.center, service=held.service, starts_at=held.slot.starts_at + timedelta(days=2))
        actor = Actor.of(f.staff(role)) if role is not Role.PATIENT else Actor.of(held.user)
        bookings.reschedule(session, actor=actor, booking_id=booking.id, new_slot_id=later.id, reason="center asked")
        message = session.scalar(select(OutboxMessage).where(OutboxMessage.topic == "booking_rescheduled")
                                 .order_by(OutboxMessage.id.desc()).limit(1))
        session.commit()
        return show(later.starts_at), earlier, message.id


def test_a_reschedule_by_staff_tells_the_patient_the_new_time(gateway, booking):
    new_time, old_time, message_id = _reschedule(gateway, booking, Role.SUPPORT_AGENT)
    tasks.deliver_outbox(gateway, message_id)
    gateway.jobs.drain()  # the notification's send job
    [text] = _sent(gateway, booking)
    assert "Rescheduled" in text and booking.reference in text and new_time in text
    assert f"instead of {old_time}" in text


def test_a_reschedule_the_patient_made_in_the_chat_is_not_announced_twice(gateway, booking):
    *_, message_id = _reschedule(gateway, booking, Role.PATIENT)
    tasks.deliver_outbox(gateway, message_id)
    gateway.jobs.drain()
    assert _sent(gateway, booking) == []
