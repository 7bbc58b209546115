"""Support inbox fixtures: staff of every role, patient chats on WhatsApp, and a recording outbox."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import tickets
from core.actors import SYSTEM
from core.clock import now_utc
from core.conversations import log
from core.conversations.log import InboundMessage
from core.models import Conversation, Role
from notifications.providers.sandbox import SandboxMessaging
from tests.conftest import csrf_token
from tests.factories import Factories


@dataclass(frozen=True)
class Chat:
    conversation_id: int
    patient_id: int
    phone: str
    ticket_id: int | None


class RecordingOutbox(SandboxMessaging):
    """The sandbox provider, remembering what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple] = []

    def send_text(self, to, body, buttons=None):
        self.sent.append(("text", to, body))
        return super().send_text(to, body, buttons)

    def send_template(self, to, template, variables):
        self.sent.append(("template", to, template))
        return super().send_template(to, template, variables)


@pytest.fixture
def outbox(container) -> RecordingOutbox:
    container.adapters["messaging"] = recording = RecordingOutbox()
    return recording


@pytest.fixture
def staff(container) -> dict[Role, object]:
    """One committed staff user per console role (each signs in with a code sent to their phone)."""
    with container.uow() as uow:
        f = Factories(uow.session)
        center = f.center()
        users = {role: f.staff(role, center=center if role is Role.PARTNER_STAFF else None)
                 for role in Role if role not in (Role.PATIENT, Role.SYSTEM)}
        uow.commit()
        return users


@pytest.fixture
def chat(container):
    """`chat(last_wrote=timedelta(...), ticket="subject")`: a patient who wrote to us on WhatsApp."""
    def make(*, last_wrote: timedelta = timedelta(minutes=5), ticket: str | None = None) -> Chat:
        with container.uow() as uow:
            patient = Factories(uow.session).patient()
            conversation = _inbound(uow.session, patient, now_utc() - last_wrote)
            ticket_id = tickets.hand_to_support(uow.session, actor=SYSTEM, conversation_id=conversation.id,
                                                subject=ticket).id if ticket else None
            uow.commit()
            return Chat(conversation.id, patient.id, patient.phone, ticket_id)
    return make


def _inbound(session, patient, at) -> Conversation:
    log.record_inbound(session, InboundMessage(phone=patient.phone, provider_sid=f"SM{uuid.uuid4().hex}",
                                               body="My report has not come yet"), now=at)
    conversation = session.scalar(select(Conversation).where(Conversation.phone == patient.phone))
    conversation.user_id = patient.id
    log.touch_inbound(session, conversation, at)
    return conversation


def page_url(chat: Chat) -> str:
    return f"/support/conversations/{chat.conversation_id}"


def post_form(client, chat: Chat, action: str, **fields):
    """Submit one of the conversation page's forms with the page's CSRF token; returns the page it
    redirects back to (with the outcome flashed) as text."""
    token = csrf_token(client.get(page_url(chat)).get_data(as_text=True))
    response = client.post(f"{page_url(chat)}/{action}", data={"csrf_token": token, **fields},
                           follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)
