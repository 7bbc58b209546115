"""A month of partner statements for every center, run in the background: the console asks, one outbox job
fans out one job per center (each its own unit of work, so a slow or failing center holds up no other), and
the page reads the progress back: statements made for the month out of the centers asked for, and failures.
Running a month again is harmless: settlements.run returns a statement already made, so only the missing
centers (failed ones, new ones) get one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import Actor
from core.clock import IST, now_utc
from core.errors import Conflict, DomainError, ValidationError
from core.models import Center, SettlementMonth, User
from core.models.settlements import Settlement
from core.payments import settlements


@dataclass(frozen=True)
class Progress:
    month: SettlementMonth
    done: int  # statements made for the month

    @property
    def finished(self) -> bool:
        return self.month.finished_at is not None


def request(session: Session, *, actor: Actor, first: date, now: datetime | None = None) -> SettlementMonth:
    """Queue the month starting `first` for every center; asking again while it runs changes nothing."""
    actor.require_permission("settlement.run")
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    if first.day != 1 or after > (now or now_utc()).astimezone(IST).date():
        raise ValidationError(f"{first:%B %Y} has not ended yet." if first.day == 1 else "Give a month's first day.")
    month = session.scalar(select(SettlementMonth).where(SettlementMonth.period_start == first).with_for_update())
    if month is not None and month.finished_at is None:
        return month
    centers = session.scalar(select(func.count()).select_from(Center))
    month = month or SettlementMonth(period_start=first, period_end=after)
    month.requested_by, month.centers, month.failures, month.finished_at = actor.user_id, centers, [], None
    try:
        with session.begin_nested():  # two first clicks at once: the unique month lets one through
            session.add(month)
    except IntegrityError:
        raise Conflict(f"{first:%B %Y} was just asked for; reload the page to follow it.") from None
    audit.record(session, actor=actor, action="settlement.month_requested", entity_type="settlement_month",
                 entity_id=month.id, after={"month": f"{first:%Y-%m}", "centers": month.centers})
    outbox.emit(session, topics.SETTLEMENT_MONTH_REQUESTED, month_id=month.id)
    return month


def progress(session: Session, *, limit: int = 6) -> list[Progress]:
    """The latest month runs with how many statements each has so far."""
    months = session.scalars(select(SettlementMonth).order_by(SettlementMonth.created_at.desc(),
                                                              SettlementMonth.id.desc()).limit(limit))
    return [Progress(m, _statements(session, m)) for m in months]


def fan_out(session: Session, *, month_id: int) -> None:
    """One job per center; a redelivered message queues them again, which settles nothing twice."""
    month = session.get(SettlementMonth, month_id)
    if month is None or month.finished_at is not None:
        return
    for center_id in session.scalars(select(Center.id).order_by(Center.id)):
        outbox.emit(session, topics.SETTLEMENT_CENTER_DUE, month_id=month_id, center_id=center_id)
    if month.centers == 0:
        month.finished_at = now_utc()


def settle_center(session: Session, *, month_id: int, center_id: int, storage, finance) -> None:
    """One center's statement for the month as the person who asked; a refused one is recorded, not retried."""
    month = session.get(SettlementMonth, month_id)
    if month is None:
        return
    try:
        with session.begin_nested():
            settlements.run(session, actor=Actor.of(session.get(User, month.requested_by)), center_id=center_id,
                            start=month.period_start, end=month.period_end, storage=storage, finance=finance)
    except DomainError as refused:
        failed = {"center_id": center_id, "error": str(refused)[:200]}
    else:
        failed = None
    # Locked, then counted: two centers finishing at once see each other's statement, so one marks it finished.
    month = session.scalar(select(SettlementMonth).where(SettlementMonth.id == month_id).with_for_update()
                           .execution_options(populate_existing=True))
    if failed and failed not in month.failures:
        month.failures = [*month.failures, failed]
    if month.finished_at is None and _statements(session, month) + len(month.failures) >= month.centers:
        month.finished_at = now_utc()


def _statements(session: Session, month: SettlementMonth) -> int:
    return session.scalar(select(func.count()).select_from(Settlement).where(
        Settlement.period_start == month.period_start, Settlement.period_end == month.period_end))


def on_month_requested(session: Session, payload: dict, c) -> None:
    fan_out(session, month_id=payload["month_id"])


def on_center_due(session: Session, payload: dict, c) -> None:
    settle_center(session, month_id=payload["month_id"], center_id=payload["center_id"],
                  storage=c.adapters["storage"], finance=c.adapters["finance"])


SUBSCRIPTIONS = {topics.SETTLEMENT_MONTH_REQUESTED: [on_month_requested],
                 topics.SETTLEMENT_CENTER_DUE: [on_center_due]}
