"""The agents' queue: who is online, claiming a ticket (exactly one agent wins), and automatic assignment
to online agents below their cap of open tickets."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor, SYSTEM
from core.errors import Conflict
from core.models.tickets import AgentPresence, Ticket, TicketPriority, TicketStatus
from core.models.users import Role, User
from core.support.sla import UNRESOLVED

HEARTBEAT = timedelta(minutes=5)  # an agent whose page stops calling in is offline after this
PRIORITY_ORDER = {TicketPriority.URGENT: 0, TicketPriority.HIGH: 1, TicketPriority.NORMAL: 2}


def heartbeat(session: Session, *, actor: Actor, now: datetime, max_open: int | None = None) -> AgentPresence:
    """Mark the agent online for the next few minutes (their queue page calls this while open)."""
    actor.require_permission("ticket.handle")
    presence = session.get(AgentPresence, actor.user_id) or AgentPresence(user_id=actor.user_id, max_open=8)
    presence.online_until = now + HEARTBEAT
    if max_open is not None:
        presence.max_open = max(1, min(int(max_open), 50))
    session.add(presence)
    return presence


def go_offline(session: Session, *, actor: Actor, now: datetime) -> None:
    """Stop receiving new tickets at once (open ones stay assigned)."""
    presence = session.get(AgentPresence, actor.user_id)
    if presence is not None:
        presence.online_until = now


def claim(session: Session, *, actor: Actor, ticket_id: int) -> Ticket:
    """Take an unassigned ticket; when two agents claim at once, exactly one wins (a conditional UPDATE)."""
    actor.require_permission("ticket.handle")
    won = session.execute(update(Ticket).where(Ticket.id == ticket_id, Ticket.assignee_id.is_(None),
                                               Ticket.status.in_(UNRESOLVED))
                          .values(assignee_id=actor.user_id).returning(Ticket.id)).first()
    if won is None:
        raise Conflict(f"Ticket {ticket_id} was just taken by someone else, or is closed.")
    ticket = session.get(Ticket, ticket_id)
    session.refresh(ticket)
    audit.record(session, actor=actor, action="ticket.claimed", entity_type="ticket", entity_id=ticket_id,
                 after={"assignee_id": actor.user_id})
    return ticket


def auto_assign(session: Session, *, now: datetime) -> list[tuple[int, int]]:
    """Give waiting tickets (most urgent, then oldest first) to online agents with room; [(ticket, agent)]."""
    load = _online_load(session, now)
    assigned = []
    for ticket in _waiting(session):
        agent_id = min((a for a, (count, cap) in load.items() if count < cap), key=lambda a: load[a][0], default=None)
        if agent_id is None:
            break
        if _assign_if_free(session, ticket.id, agent_id):
            load[agent_id] = (load[agent_id][0] + 1, load[agent_id][1])
            assigned.append((ticket.id, agent_id))
    return assigned


def _online_load(session: Session, now: datetime) -> dict[int, tuple[int, int]]:
    open_count = (select(func.count()).where(Ticket.assignee_id == AgentPresence.user_id,
                                             Ticket.status.in_(UNRESOLVED)).scalar_subquery())
    rows = session.execute(select(AgentPresence.user_id, open_count, AgentPresence.max_open)
                           .join(User, User.id == AgentPresence.user_id)
                           .where(AgentPresence.online_until > now, User.is_active.is_(True),
                                  User.role.in_((Role.SUPPORT_AGENT, Role.OPS_MANAGER))))
    return {user_id: (count, cap) for user_id, count, cap in rows}


def _waiting(session: Session) -> list[Ticket]:
    tickets = session.scalars(select(Ticket).where(Ticket.assignee_id.is_(None), Ticket.status == TicketStatus.OPEN)
                              .order_by(Ticket.created_at).limit(200)).all()
    return sorted(tickets, key=lambda t: (PRIORITY_ORDER[t.priority], t.created_at))


def _assign_if_free(session: Session, ticket_id: int, agent_id: int) -> bool:
    won = session.execute(update(Ticket).where(Ticket.id == ticket_id, Ticket.assignee_id.is_(None))
                          .values(assignee_id=agent_id).returning(Ticket.id)).first()
    if won is not None:
        audit.record(session, actor=SYSTEM, action="ticket.auto_assigned", entity_type="ticket",
                     entity_id=ticket_id, after={"assignee_id": agent_id})
    return won is not None
