"""Record product analytics events from the services that cause them."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models.analytics import EVENT_NAMES, AnalyticsEvent


def record(session: Session, name: str, *, user_id: int | None = None, booking_id: int | None = None,
           **properties: object) -> AnalyticsEvent:
    """Add one event to the caller's transaction (it vanishes if the transaction rolls back)."""
    if name not in EVENT_NAMES:
        raise ValidationError(f"unknown analytics event {name!r}")
    event = AnalyticsEvent(name=name, user_id=user_id, booking_id=booking_id, properties=properties)
    session.add(event)
    return event
