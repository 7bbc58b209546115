"""End to end through the WhatsApp gateway: a patient asks for a person, an agent takes the chat over,
moves the booking to a dearer center from its workspace (the patient gets a link for the difference on
WhatsApp), hands back, and the bot's next turn starts afresh on a booking that reads the new center."""
from __future__ import annotations

from sqlalchemy import select

from console.app import create_app
from core import tickets
from core.actors import SYSTEM, Actor
from core.booking import queries
from core.models import Conversation, Notification, Payment, Role, User
from tests.conftest import otp_sign_in
from tests.gateway.conftest import build_gateway, gateway, post_signed, rasa, twilio_form  # noqa: F401
from tests.support.conftest import Chat, post_form
from tests.support_panel.conftest import act


def _say(client, gateway, phone: str, text: str) -> None:
    assert post_signed(client, gateway.settings, twilio_form(phone, text)).status_code == 200
    gateway.jobs.drain()


def test_talk_to_a_person_then_a_dearer_center_then_back_to_the_bot(gateway, rasa, case):
    client = create_app(gateway).test_client()
    _say(client, gateway, case.phone, "I want to talk to a person about my MRI")
    with gateway.uow() as uow:  # what the bot's "talk to a person" action does
        conversation_id = uow.session.scalar(select(Conversation.id).where(Conversation.phone == case.phone))
        tickets.hand_to_support(uow.session, actor=SYSTEM, conversation_id=conversation_id,
                                subject="Wants a center nearer home", booking_id=case.booking_id)
        uow.commit()
    chat = Chat(conversation_id, case.patient_id, case.phone, None)
    otp_sign_in(client, gateway, case.staff[Role.SUPPORT_AGENT].phone)
    assert "You are handling this conversation now" in post_form(client, chat, "take-over")
    assert act(client, case, "reschedule", new_slot_id=case.slot_ids["dear"], reason="nearer home").status_code == 303
    gateway.jobs.drain()
    with gateway.uow() as uow:
        link = uow.session.scalar(select(Payment.link_url).where(Payment.booking_id == case.booking_id,
                                                                 Payment.purpose == "difference"))
        sent = uow.session.scalars(select(Notification.body).where(Notification.address == case.phone)).all()
        assert any(link in body and "₹2,500" in body for body in sent)
    assert "Handed back" in post_form(client, chat, "hand-back")
    _say(client, gateway, case.phone, "what is my booking now")
    assert [t["sender"] for t in rasa.turns] == [f"conv-{conversation_id}-0", f"conv-{conversation_id}-1"]
    with gateway.uow() as uow:  # what the bot's booking actions read on that turn
        patient = uow.session.get(User, case.patient_id)
        [booking] = queries.list_for_user(uow.session, actor=Actor.of(patient), user_id=patient.id)
        assert booking.center.name == "Sahyadri Imaging Baner"
