"""Record product analytics events from the services that cause them."""
from __future__ import annotations

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import ValidationError
from core.models.analytics import EVENT_NAMES, AnalyticsEvent

_PENDING = "medezy_analytics_pending"


def record(session: Session, name: str, *, user_id: int | None = None, booking_id: int | None = None,
           **properties: object) -> AnalyticsEvent:
    """Add one event to the caller's transaction (it vanishes if the transaction rolls back)."""
    if name not in EVENT_NAMES:
        raise ValidationError(f"unknown analytics event {name!r}")
    recorded = AnalyticsEvent(name=name, user_id=user_id, booking_id=booking_id, properties=properties)
    session.add(recorded)
    return recorded


def record_at_commit(session: Session, name: str, *, user_id: int | None = None,
                     booking_id: int | None = None, **properties: object) -> None:
    """Queue an event for a read path (search): written at commit in one INSERT, never by a flush."""
    if name not in EVENT_NAMES:
        raise ValidationError(f"unknown analytics event {name!r}")
    session.info.setdefault(_PENDING, []).append({
        "name": name, "user_id": user_id, "booking_id": booking_id, "properties": properties,
        "occurred_at": utcnow()})


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.flush()  # the users and bookings the events name must be written first
        session.execute(insert(AnalyticsEvent.__table__), pending)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
