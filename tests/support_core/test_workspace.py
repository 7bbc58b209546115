"""The booking workspace: one read gathers the booking's world, is audited, and stays inside a partner's center."""
from __future__ import annotations

import pytest

from core.actors import Actor
from core.booking import service
from core.booking.service import PatientDetails
from core.errors import NotFound
from core.models import AuditEntry, BookingStatus, Conversation, Message
from core.models.conversations import Author, Direction
from core.models.users import Role
from core.support import workspace


@pytest.fixture
def paid(session, factories):
    patient = factories.patient()
    slot = factories.slot()
    booking = service.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                           patient=PatientDetails("Asha Rao"))
    service.mark_paid(session, booking_id=booking.id)
    conversation = Conversation(phone=patient.phone, user_id=patient.id)
    session.add(conversation)
    session.flush()
    session.add_all([Message(conversation_id=conversation.id, direction=Direction.IN, author=Author.PATIENT,
                             body=f"message {n}") for n in range(60)])
    session.flush()
    return booking


def test_the_workspace_gathers_the_booking_and_its_patient(session, factories, paid):
    agent = Actor.of(factories.staff(Role.SUPPORT_AGENT))
    session.commit()  # audit entries are written at commit
    space = workspace.load(session, actor=agent, booking_id=paid.id)
    assert space.booking.id == paid.id and space.patient.id == paid.user_id
    assert BookingStatus.CONFIRMED in space.next_states
    assert len(space.messages) == 50 and space.messages[-1].body == "message 59"
    assert space.credit_balance_paise == 0 and space.refunds == []
    assert [a.action for a in space.audit_trail][-1] == "booking.held"  # newest first
    session.commit()
    assert session.query(AuditEntry).filter_by(action="booking.workspace_viewed", entity_id=str(paid.id)).count() == 1


def test_a_partner_of_another_center_gets_not_found(session, factories, paid):
    outsider = Actor.of(factories.staff(Role.PARTNER_STAFF, center=factories.center()))
    with pytest.raises(NotFound):
        workspace.load(session, actor=outsider, booking_id=paid.id)
