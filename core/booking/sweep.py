"""Periodic tidy-up: expire lapsed holds in bulk so the counters match what search already assumes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.booking import claims
from core.clock import now_utc


def expire_lapsed_holds(session: Session, *, now: datetime | None = None, batch: int = 500) -> list[int]:
    """Expire up to `batch` lapsed holds (oldest first) and free their slots; returns their ids."""
    return claims.expire_lapsed_holds(session, now=now or now_utc(), limit=batch)
