"""The ticket queue and page: filters, breached SLAs highlighted, claim, reassign, states, priority, notes,
canned replies, and escalation to the admins' queue with an alert."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core import tickets
from core.actors import SYSTEM, Actor
from core.clock import now_utc
from core.models import AuditEntry, Notification, Role, Ticket, TicketNote
from core.models.tickets import AgentPresence
from core.support import notes
from tests.conftest import csrf_token


@pytest.fixture
def ticket(container, case) -> int:
    with container.uow() as uow:
        opened = tickets.open_ticket(uow.session, actor=SYSTEM, user_id=case.patient_id, subject="Report is late",
                                     booking_id=case.booking_id, source="bot")
        uow.commit()
        return opened.id


def _post(client, ticket_id: int, action: str, **fields):
    token = csrf_token(client.get(f"/support/tickets/{ticket_id}").get_data(as_text=True))
    return client.post(f"/support/tickets/{ticket_id}/{action}", data={"csrf_token": token, **fields})


def _ticket(container, ticket_id: int) -> Ticket:
    with container.uow() as uow:
        found = uow.session.get(Ticket, ticket_id)
        uow.session.expunge(found)
        return found


def test_the_queue_filters_and_puts_breached_tickets_first_highlighted(container, login, case, ticket):
    with container.uow() as uow:
        late = uow.session.get(Ticket, ticket)
        late.first_response_due_at = now_utc() - timedelta(minutes=1)
        uow.commit()
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    page = client.get("/support/tickets", query_string={"owner": "unassigned"}).get_data(as_text=True)
    assert f'<tr class="breached">\n      <td data-label="Ticket"><a href="/support/tickets/{ticket}"' in page
    assert "first reply late" in page
    mine = client.get("/support/tickets", query_string={"owner": "mine"}).get_data(as_text=True)
    assert f"/support/tickets/{ticket}\"" not in mine
    assert client.get("/support/tickets", query_string={"status": "bogus"}).status_code == 422


def test_claim_then_a_second_claim_is_a_409(container, login, case, ticket):
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert _post(agent, ticket, "claim").status_code == 303
    assert _ticket(container, ticket).assignee_id == case.staff[Role.SUPPORT_AGENT].id
    ops, _ = login(case.staff[Role.OPS_MANAGER])
    second = _post(ops, ticket, "claim")
    assert second.status_code == 409 and "just taken by someone else" in second.get_data(as_text=True)
    assert _ticket(container, ticket).assignee_id == case.staff[Role.SUPPORT_AGENT].id


def test_reassign_and_priority_are_audited(container, login, case, ticket):
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert _post(agent, ticket, "assign", assignee_id=case.staff[Role.OPS_MANAGER].id).status_code == 303
    assert _post(agent, ticket, "priority", priority="urgent", reason="patient is pregnant").status_code == 303
    found = _ticket(container, ticket)
    assert (found.assignee_id, found.priority.value) == (case.staff[Role.OPS_MANAGER].id, "urgent")
    assert _post(agent, ticket, "priority", priority="sky-high").status_code == 422
    with container.uow() as uow:
        actions = list(uow.session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_type == "ticket", AuditEntry.entity_id == str(ticket)).order_by(AuditEntry.id)))
    assert actions[-2:] == ["ticket.assigned", "ticket.priority_changed"]


def test_pending_needs_who_it_waits_on_then_resolve_and_close(container, login, case, ticket):
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert _post(agent, ticket, "state", state="pending", reason="").status_code == 422
    assert _ticket(container, ticket).status.value == "open"
    assert _post(agent, ticket, "state", state="pending", reason="waiting on the center").status_code == 303
    assert _post(agent, ticket, "state", state="closed").status_code == 409  # resolve first
    assert _post(agent, ticket, "state", state="resolved", reason="report sent").status_code == 303
    assert _post(agent, ticket, "state", state="closed").status_code == 303
    assert _ticket(container, ticket).status.value == "closed"


def test_an_internal_note_stays_internal_and_a_canned_reply_goes_to_the_patient(container, login, case, ticket):
    with container.uow() as uow:
        agent_actor = Actor.of(case.staff[Role.SUPPORT_AGENT])
        canned = notes.create_canned(uow.session, actor=agent_actor, title=f"Late report {ticket}",
                                     body="Hi {name}, your report for {reference} is on its way.")
        uow.commit()
        canned_id = canned.id
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert _post(agent, ticket, "note", body="Called the center", internal="y").status_code == 303
    assert _post(agent, ticket, "note", canned=str(canned_id), body="").status_code == 303
    with container.uow() as uow:
        thread = uow.session.execute(select(TicketNote.body, TicketNote.internal)
                                     .where(TicketNote.ticket_id == ticket).order_by(TicketNote.id)).all()
        sent = uow.session.scalars(select(Notification.body).where(Notification.user_id == case.patient_id,
                                                                   Notification.trigger == "manual")).all()
    reply = f"Hi Asha, your report for {case.reference} is on its way."
    assert thread == [("Called the center", True), (reply, False)] and sent == [reply]


def test_escalation_lands_on_the_admins_queue_and_alerts_them(container, login, case, ticket):
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert _post(agent, ticket, "escalate", reason="").status_code == 422
    assert _post(agent, ticket, "escalate", reason="center refuses to refund").status_code == 303
    container.jobs.drain()
    with container.uow() as uow:
        alerted = set(uow.session.scalars(select(Notification.user_id).where(
            Notification.dedup_key.like(f"ticket_escalated:{ticket}:%"))))
    assert {case.staff[Role.SUPER_ADMIN].id, case.staff[Role.OPS_MANAGER].id} <= alerted
    admin, _ = login(case.staff[Role.SUPER_ADMIN])
    page = admin.get("/admin/escalations").get_data(as_text=True)
    assert f"#{ticket} Report is late" in page
    assert agent.get("/admin/escalations").status_code == 403


def test_an_agent_with_the_queue_open_is_online_for_auto_assignment(container, login, case):
    agent = case.staff[Role.SUPPORT_AGENT]
    client, _ = login(agent)
    client.get("/support/tickets")
    with container.uow() as uow:
        presence = uow.session.get(AgentPresence, agent.id)
        assert presence is not None and presence.online_until > now_utc()
