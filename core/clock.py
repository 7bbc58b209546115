"""Time in one place: stored in UTC, shown in Asia/Kolkata."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

IST = ZoneInfo("Asia/Kolkata")


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def ist_datetime(day: date, at: time) -> datetime:
    """An aware UTC instant for a wall-clock time in India."""
    return datetime.combine(day, at, tzinfo=IST).astimezone(timezone.utc)


def show(moment: datetime) -> str:
    """'25 Dec, 04:30 PM' in India time, for messages."""
    return moment.astimezone(IST).strftime("%d %b, %I:%M %p")
