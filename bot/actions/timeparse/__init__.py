"""Read when a patient wants to come, from the words they type on WhatsApp.

Patients write "kal shaam", "parso subah 10 baje", "25 Dec 4pm", "next monday" or
"this weekend", in English, Hinglish or Devanagari. dateparser reads "kal" as nothing,
"1" as the first of the month and "5 dec at 10am" as the year 2110, so we parse the
few forms people actually use ourselves. Everything is in Asia/Kolkata.

Two rules keep the booking flow safe:
- a bare number ("2", "option 2", "2nd") is a menu choice, never a date;
- a date without a year that has already passed this year means next year.

Standard library only: the action server imports this package on every start.

Modules: vocabulary (word lists, numeric date patterns, normalisation), clock (times
and parts of day), calendar (days and ranges), menu (menu choices), labels (human
labels). This module holds When and parse_when and is the only public import path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .calendar import INVALID, LATE_NIGHT_END_HOUR, find_days, first_open_day
from .clock import PARTS_OF_DAY, find_span, find_time
from .labels import human_label
from .menu import is_menu_choice, parse_menu_choice
from .vocabulary import (
    DAY_AFTER_WORDS, DEVANAGARI, LAST_WORDS, MENU_FILLER, MENU_ORDINALS, MONTH_WORDS,
    PART_OF_DAY_WORDS, TODAY_WORDS, TOMORROW_WORDS, WEEKDAY_WORDS, normalise,
)

__all__ = [
    "DAY_AFTER_WORDS", "DEVANAGARI", "IST", "LAST_WORDS", "LATE_NIGHT_END_HOUR",
    "MENU_FILLER", "MENU_ORDINALS", "MONTH_WORDS", "PARTS_OF_DAY", "PART_OF_DAY_WORDS",
    "TODAY_WORDS", "TOMORROW_WORDS", "WEEKDAY_WORDS", "When", "parse_menu_choice",
    "parse_when",
]

IST = ZoneInfo("Asia/Kolkata")


@dataclass(frozen=True)
class When:
    """A day (or run of days) with an optional part of day or exact time, in IST."""

    first_day: date
    last_day: date
    window: tuple[time, time] | None = None
    at: time | None = None
    label: str = ""

    @property
    def start(self) -> datetime:
        """The earliest moment the patient asked for."""
        begin = self.at or (self.window[0] if self.window else time(0))
        return datetime.combine(self.first_day, begin, IST)

    @property
    def end(self) -> datetime:
        """The end of the asked-for span, exclusive; an exact time gets one hour."""
        if self.at is not None:
            return self.start + timedelta(hours=1)
        if self.window is not None:
            return datetime.combine(self.last_day, self.window[1], IST)
        return datetime.combine(self.last_day + timedelta(days=1), time(0), IST)

    @property
    def is_range(self) -> bool:
        return self.first_day != self.last_day


def parse_when(text: str, now: datetime) -> When | None:
    """Return the day/time the text asks for, or None when it names no date or time."""
    now = _as_ist(now)
    norm = normalise(text)
    if not norm or is_menu_choice(norm):
        return None
    span = find_span(norm)
    at, part = (None, None) if span else find_time(norm)
    days = find_days(norm, now)
    if days is INVALID:
        return None
    if days is None and at is None and part is None and span is None:
        return None
    if days is None:
        days = first_open_day(now, at or (span[0] if span else None), part)
    window = span or (PARTS_OF_DAY[part] if part and at is None else None)
    first, last = days
    return When(first, last, window, at, human_label(first, last, window, at, part, now.year))


def _as_ist(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(IST)
