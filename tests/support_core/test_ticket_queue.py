"""The agents' ticket queue: atomic claims, automatic assignment under caps, SLA clocks, pending/closed states."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from core import tickets
from core.actors import SYSTEM, Actor
from core.clock import now_utc
from core.errors import Conflict, IllegalTransition, ValidationError
from core.models import Role, TicketPriority, TicketStatus
from core.models.tickets import AgentPresence, Ticket
from core.support import notes, queue, sla
from tests.factories import Factories


def _ticket(f: Factories, session, **kw) -> Ticket:
    patient = f.patient()
    return tickets.open_ticket(session, actor=SYSTEM, user_id=patient.id, subject="Where is my report?", **kw)


def _agent(f: Factories, session, now, *, online=True, cap=8) -> Actor:
    actor = Actor.of(f.staff(Role.SUPPORT_AGENT))
    queue.heartbeat(session, actor=actor, now=now if online else now - timedelta(hours=1), max_open=cap)
    return actor


def _isolate_from_other_tests(session, f: Factories) -> None:
    # Other tests commit tickets into the same database; park them with someone outside the queue.
    parked = f.staff(Role.OPS_MANAGER)
    session.execute(update(Ticket).where(Ticket.assignee_id.is_(None)).values(assignee_id=parked.id))
    # Agents of other tests who opened the queue page stay online for a few minutes: take them off it.
    session.execute(update(AgentPresence).values(online_until=now_utc() - timedelta(hours=1)))


@pytest.mark.postgres
def test_two_agents_claiming_one_ticket_at_once_exactly_one_wins(pg_engine):
    with Session(pg_engine) as setup:
        f = Factories(setup)
        ticket_id = _ticket(f, setup).id
        agents = [Actor.of(f.staff(Role.SUPPORT_AGENT)) for _ in range(2)]
        setup.commit()
    barrier, outcomes = threading.Barrier(2), []

    def race(actor):
        with Session(pg_engine) as session:
            barrier.wait()
            try:
                queue.claim(session, actor=actor, ticket_id=ticket_id)
                session.commit()
                outcomes.append("won")
            except Conflict:
                session.rollback()
                outcomes.append("lost")

    threads = [threading.Thread(target=race, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["lost", "won"]


def test_auto_assignment_gives_the_most_urgent_first_to_the_least_loaded_online_agent(session, factories):
    now = now_utc()
    _isolate_from_other_tests(session, factories)
    busy, idle = _agent(factories, session, now, cap=2), _agent(factories, session, now, cap=2)
    _agent(factories, session, now, online=False)
    queue.claim(session, actor=busy, ticket_id=_ticket(factories, session).id)
    normal = _ticket(factories, session)
    urgent = _ticket(factories, session, priority=TicketPriority.URGENT)
    assigned = dict(queue.auto_assign(session, now=now))
    assert assigned[urgent.id] == idle.user_id  # idle had no tickets
    assert normal.id in assigned and assigned[normal.id] in (busy.user_id, idle.user_id)


def test_nobody_gets_more_than_their_cap(session, factories):
    now = now_utc()
    _isolate_from_other_tests(session, factories)
    agent = _agent(factories, session, now, cap=1)
    first, second = _ticket(factories, session), _ticket(factories, session)
    assigned = queue.auto_assign(session, now=now)
    assert assigned == [(first.id, agent.user_id)]
    session.refresh(second)
    assert second.assignee_id is None


def test_sla_clocks_follow_priority_and_a_public_note_stops_the_first_response_clock(session, factories):
    now = now_utc()
    ticket = _ticket(factories, session, priority=TicketPriority.HIGH)
    assert ticket.first_response_due_at - ticket.created_at <= timedelta(minutes=31)
    later = now + timedelta(hours=9)
    late = {b.ticket_id: b for b in sla.breaches(session, now=later)}
    assert late[ticket.id].first_response and late[ticket.id].resolution
    agent = _agent(factories, session, now)
    notes.add_note(session, actor=agent, ticket_id=ticket.id, body="Checking with the center now.", internal=False,
                   now=now + timedelta(minutes=10))
    late = {b.ticket_id: b for b in sla.breaches(session, now=later)}
    assert not late[ticket.id].first_response and late[ticket.id].resolution


def test_pending_reopen_resolve_close(session, factories):
    ticket = _ticket(factories, session)
    agent = _agent(factories, session, now_utc())
    tickets.set_pending(session, actor=agent, ticket_id=ticket.id, waiting_on="the center's reply")
    assert ticket.status is TicketStatus.PENDING
    tickets.reopen(session, actor=agent, ticket_id=ticket.id, reason="center answered")
    with pytest.raises(IllegalTransition):
        tickets.close(session, actor=agent, ticket_id=ticket.id)
    tickets.resolve(session, actor=agent, ticket_id=ticket.id, resolution="report re-sent")
    tickets.close(session, actor=agent, ticket_id=ticket.id)
    assert ticket.status is TicketStatus.CLOSED and ticket.closed_at is not None
    with pytest.raises(IllegalTransition):
        tickets.set_pending(session, actor=agent, ticket_id=ticket.id, waiting_on="patient")


def test_canned_replies_fill_known_placeholders_and_refuse_unknown_ones(session, factories):
    agent = _agent(factories, session, now_utc())
    reply = notes.create_canned(session, actor=agent, title="Report delay",
                                body="Hi {name}, {center} will upload the report for {reference} today.")
    text = notes.fill(reply.id, session, name="Asha", reference="MZ12AB34", password="x")
    assert text == "Hi Asha,  will upload the report for MZ12AB34 today."
    with pytest.raises(ValidationError, match="placeholder"):
        notes.create_canned(session, actor=agent, title="Bad", body="Your OTP is {otp}")
    with pytest.raises(ValidationError, match="braces"):
        notes.create_canned(session, actor=agent, title="Broken", body="Hi {name")


def test_internal_notes_stay_internal(session, factories):
    ticket = _ticket(factories, session)
    agent = _agent(factories, session, now_utc())
    notes.add_note(session, actor=agent, ticket_id=ticket.id, body="Patient was rude", internal=True, now=now_utc())
    notes.add_note(session, actor=agent, ticket_id=ticket.id, body="We are on it", internal=False, now=now_utc())
    assert [n.body for n in notes.notes_of(session, ticket_id=ticket.id, include_internal=False)] == ["We are on it"]
    assert len(notes.notes_of(session, ticket_id=ticket.id, include_internal=True)) == 2
