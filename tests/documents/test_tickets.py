"""Support tickets: opened, assigned, escalated and resolved, each audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core import tickets
from core.actors import SYSTEM, Actor
from core.errors import Forbidden, IllegalTransition, NotFound, ValidationError
from core.models import AuditEntry, Role, TicketPriority, TicketStatus
from tests.documents.helpers import held


def _ticket(f, session, **kw):
    patient = f.patient()
    return tickets.open_ticket(session, actor=Actor.of(patient), user_id=patient.id, subject="Report missing", **kw)


def test_ticket_lifecycle_is_audited(session, factories):
    ticket = _ticket(factories, session)
    agent = factories.staff(Role.SUPPORT_AGENT)
    staff = Actor.of(agent)
    tickets.assign(session, actor=staff, ticket_id=ticket.id, assignee_id=agent.id)
    tickets.escalate(session, actor=staff, ticket_id=ticket.id, reason="Center not answering")
    tickets.resolve(session, actor=staff, ticket_id=ticket.id, resolution="Report re-sent")
    assert (ticket.status, ticket.priority, ticket.escalated, ticket.assignee_id) == (
        TicketStatus.RESOLVED, TicketPriority.HIGH, True, agent.id)
    session.commit()
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "ticket",
                                                              AuditEntry.entity_id == str(ticket.id))).all()
    assert actions == ["ticket.opened", "ticket.assigned", "ticket.escalated", "ticket.resolved"]


@pytest.mark.parametrize(("start", "after"), [(TicketPriority.NORMAL, TicketPriority.HIGH),
                                              (TicketPriority.HIGH, TicketPriority.URGENT),
                                              (TicketPriority.URGENT, TicketPriority.URGENT)])
def test_escalation_raises_priority_one_step(session, factories, start, after):
    ticket = _ticket(factories, session, priority=start)
    tickets.escalate(session, actor=SYSTEM, ticket_id=ticket.id, reason="waited 24h")
    assert ticket.priority is after


def test_same_patient_same_booking_reuses_the_open_ticket(session, factories):
    booking = held(factories, session)
    actor = Actor.of(booking.user)
    first = tickets.open_ticket(session, actor=actor, user_id=booking.user_id, subject="Reschedule", booking_id=booking.id)
    again = tickets.open_ticket(session, actor=actor, user_id=booking.user_id, subject="Hello?", booking_id=booking.id)
    assert again.id == first.id


def test_resolved_ticket_cannot_be_resolved_again(session, factories):
    ticket = _ticket(factories, session)
    staff = Actor.of(factories.staff(Role.SUPPORT_AGENT))
    tickets.resolve(session, actor=staff, ticket_id=ticket.id, resolution="done")
    with pytest.raises(IllegalTransition, match="already resolved"):
        tickets.resolve(session, actor=staff, ticket_id=ticket.id, resolution="done again")


def test_tickets_go_only_to_support_staff(session, factories):
    ticket = _ticket(factories, session)
    with pytest.raises(ValidationError, match="support agents or ops managers"):
        tickets.assign(session, actor=Actor.of(factories.staff(Role.OPS_MANAGER)), ticket_id=ticket.id,
                       assignee_id=factories.patient().id)


def test_patient_cannot_open_a_ticket_about_anothers_booking(session, factories):
    booking = held(factories, session)
    stranger = factories.patient()
    with pytest.raises(NotFound):
        tickets.open_ticket(session, actor=Actor.of(stranger), user_id=stranger.id, subject="x", booking_id=booking.id)


def test_patients_cannot_resolve_tickets(session, factories):
    ticket = _ticket(factories, session)
    with pytest.raises(Forbidden):
        tickets.resolve(session, actor=Actor(Role.PATIENT, ticket.user_id), ticket_id=ticket.id, resolution="ok")
