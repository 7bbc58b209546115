"""One CSV row checked on its own: dates, times (IST), slot length and capacity, not yet the database."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.clock import ist_datetime
from core.slots.csv_rows import RawRow, RowError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_WHOLE = re.compile(r"-?\d{1,6}")
MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 5, 480
MAX_CAPACITY = 50


@dataclass(frozen=True)
class RowSlots:
    """A valid row: the slots it expands into, `minutes` apart, from `starts_at` to `ends_at` (UTC)."""

    line: int
    center: str
    service: str
    starts_at: datetime
    ends_at: datetime
    minutes: int
    capacity: int

    def slot_starts(self) -> list[datetime]:
        step = timedelta(minutes=self.minutes)
        return [self.starts_at + k * step for k in range(int((self.ends_at - self.starts_at) / step))]


class BadRow(Exception):
    pass


def parse(row: RawRow, now: datetime) -> RowSlots | RowError:
    """The row's slots, or why the row is bad (the first problem found)."""
    try:
        return _parse(row, now)
    except BadRow as error:
        return RowError(row.line, str(error))


def _parse(row: RawRow, now: datetime) -> RowSlots:
    f = row.fields
    if not f["center"]:
        raise BadRow("the center code is missing")
    if not f["service"]:
        raise BadRow("the service code is missing")
    day = _date(f["date"])
    start, end = _time(f["start"], "start"), _time(f["end"], "end")
    if end <= start:
        raise BadRow(f"end {f['end']} is not after start {f['start']}")
    minutes = _whole(f["slot_minutes"], "slot_minutes", MIN_SLOT_MINUTES, MAX_SLOT_MINUTES)
    capacity = _whole(f["capacity"], "capacity", 1, MAX_CAPACITY)
    starts_at, ends_at = ist_datetime(day, start), ist_datetime(day, end)
    if (ends_at - starts_at) % timedelta(minutes=minutes):
        raise BadRow(f"{f['start']}-{f['end']} is not a whole number of {minutes}-minute slots")
    if starts_at <= now:
        raise BadRow(f"{f['date']} {f['start']} IST is in the past")
    return RowSlots(row.line, f["center"], f["service"], starts_at, ends_at, minutes, capacity)


def _date(text: str) -> date:
    try:
        if _DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise BadRow(f"bad date {text!r} (use YYYY-MM-DD)")


def _time(text: str, what: str) -> time:
    try:
        if _TIME.match(text):
            return time.fromisoformat(text)
    except ValueError:
        pass
    raise BadRow(f"bad {what} time {text!r} (use HH:MM, India time)")


def _whole(text: str, what: str, low: int, high: int) -> int:
    if not _WHOLE.fullmatch(text):
        raise BadRow(f"{what} must be a whole number, found {text!r}")
    value = int(text)
    if what == "capacity" and value < 1:
        raise BadRow(f"capacity must be at least 1, found {value}")
    if not low <= value <= high:
        raise BadRow(f"{what} must be between {low} and {high}, found {value}")
    return value
