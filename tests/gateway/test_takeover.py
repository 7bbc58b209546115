"""Agent takeover: while an agent owns a chat rasa hears nothing; handing back starts rasa afresh."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core import tickets
from core.actors import SYSTEM, Actor
from core.conversations import log as conversation_log
from core.conversations import takeover
from core.errors import Conflict, Forbidden
from core.models import AuditEntry, Author, Conversation, ConversationState, Role, Ticket
from tests.factories import Factories
from tests.gateway.conftest import new_phone, post_signed, twilio_form


def _say(client, gateway, phone: str, text: str) -> None:
    assert post_signed(client, gateway.settings, twilio_form(phone, text)).status_code == 200
    gateway.jobs.drain()


def _agent(gateway, role: Role = Role.SUPPORT_AGENT) -> Actor:
    with gateway.uow() as uow:
        agent = Actor.of(Factories(uow.session).staff(role))
        uow.commit()
        return agent


def _act(gateway, service, **kwargs):
    with gateway.uow() as uow:
        result = service(uow.session, **kwargs)
        uow.commit()
        return result.id


def _conversation_id(gateway, phone: str) -> int:
    with gateway.uow() as uow:
        return uow.session.scalar(select(Conversation.id).where(Conversation.phone == phone))


def test_taken_over_chat_goes_to_the_agent_not_rasa(client, gateway, rasa):
    phone, agent = new_phone(), _agent(gateway)
    _say(client, gateway, phone, "hello")
    conversation_id = _conversation_id(gateway, phone)
    _act(gateway, takeover.take_over, actor=agent, conversation_id=conversation_id)
    _say(client, gateway, phone, "my report is wrong")
    with gateway.uow() as uow:
        last = conversation_log.history(uow.session, conversation_id)[-1]
        assert (last.author, last.body, last.processed_at is not None) == (Author.PATIENT, "my report is wrong", True)
    assert rasa.messages == ["hello"]


def test_agent_reply_reaches_the_patient_and_the_log(gateway):
    phone, agent = new_phone(), _agent(gateway)
    conversation_id = _inbound(gateway, phone)
    _act(gateway, takeover.take_over, actor=agent, conversation_id=conversation_id)
    _act(gateway, takeover.agent_reply, messaging=gateway.adapters["messaging"], actor=agent,
         conversation_id=conversation_id, body="Checking with the center now.")
    with gateway.uow() as uow:
        reply = conversation_log.history(uow.session, conversation_id)[-1]
        assert (reply.author, reply.agent_id, reply.status) == (Author.AGENT, agent.user_id, "queued")


def test_hand_back_starts_a_fresh_rasa_conversation(client, gateway, rasa):
    phone, agent = new_phone(), _agent(gateway)
    _say(client, gateway, phone, "book MRI")
    conversation_id = _conversation_id(gateway, phone)
    _act(gateway, takeover.take_over, actor=agent, conversation_id=conversation_id)
    _act(gateway, takeover.hand_back, actor=agent, conversation_id=conversation_id)
    _say(client, gateway, phone, "book CT")
    assert [t["sender"] for t in rasa.turns] == [f"conv-{conversation_id}-0", f"conv-{conversation_id}-1"]
    with gateway.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_type == "conversation", AuditEntry.entity_id == str(conversation_id))).all()
    assert actions == ["conversation.taken_over", "conversation.handed_back"]


def test_a_second_agent_cannot_grab_a_taken_conversation(gateway):
    conversation_id = _inbound(gateway, new_phone())
    _act(gateway, takeover.take_over, actor=_agent(gateway), conversation_id=conversation_id)
    with pytest.raises(Conflict, match="already handled"):
        _act(gateway, takeover.take_over, actor=_agent(gateway), conversation_id=conversation_id)


def test_only_the_owning_agent_replies(gateway):
    conversation_id = _inbound(gateway, new_phone())
    _act(gateway, takeover.take_over, actor=_agent(gateway), conversation_id=conversation_id)
    with pytest.raises(Forbidden, match="Take the conversation over"):
        _act(gateway, takeover.agent_reply, messaging=gateway.adapters["messaging"], actor=_agent(gateway),
             conversation_id=conversation_id, body="hi")


def test_patients_cannot_take_over(gateway):
    conversation_id = _inbound(gateway, new_phone())
    with pytest.raises(Forbidden):
        _act(gateway, takeover.take_over, actor=Actor(Role.PATIENT, 1), conversation_id=conversation_id)


def test_talk_to_a_person_opens_one_ticket_and_parks_the_bot(client, gateway, rasa):
    phone = new_phone()
    _say(client, gateway, phone, "hi")
    conversation_id = _conversation_id(gateway, phone)
    first = _act(gateway, tickets.hand_to_support, actor=SYSTEM, conversation_id=conversation_id,
                 subject="Patient asked for a person")
    again = _act(gateway, tickets.hand_to_support, actor=SYSTEM, conversation_id=conversation_id,
                 subject="Patient asked again")
    _say(client, gateway, phone, "hello?? anyone")
    with gateway.uow() as uow:
        conversation = uow.session.get(Conversation, conversation_id)
        assert (conversation.state, conversation.agent_id) == (ConversationState.AGENT, None)
        assert uow.session.get(Ticket, first).conversation_id == conversation_id
    assert first == again and rasa.messages == ["hi"]
    _act(gateway, takeover.take_over, actor=_agent(gateway), conversation_id=conversation_id)  # from the queue


def _inbound(gateway, phone: str) -> int:
    """A conversation whose patient wrote just now (so the 24-hour window is open)."""
    with gateway.uow() as uow:
        conversation = conversation_log.get_or_create(uow.session, phone=phone)
        conversation.last_inbound_at = conversation.created_at
        uow.commit()
        return conversation.id
