"""Days: explicit dates, relative days, weekdays and ranges ("this weekend").

Every finder returns (first day, last day), None when the text names no day, or
INVALID when it names one that does not exist (31 Feb) or is over a year away. A date
without a year that has already passed this year means next year; a day that has
passed for sure ("25-12-2020", "yesterday", "last Monday") is returned as it is, so the
bot can say it has passed instead of "I couldn't read a day".
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from .clock import PARTS_OF_DAY
from .vocabulary import (
    DAY_AFTER_WORDS, DOTTED_DATE, ISO_DATE, MONTH_WORDS, NUM_DATE, TODAY_WORDS,
    TOMORROW_WORDS, WEEKDAY_WORDS,
)

# Before this hour, "tomorrow" still means the coming day: at 1 a.m. "kal subah"
# is the morning a few hours away, not the one after it.
LATE_NIGHT_END_HOUR = 4

INVALID = object()  # the text names a date that does not exist (31 Feb) or is too far ahead
# "next to next Monday", "agle ke agle somvar": the one after the coming one.
_AFTER_NEXT = re.compile(r"\b(?:next ?-?to ?-?next|next next|agle ke agle|agla ke agla|agle ke agla|agle se agle)$")
_PAST_WORDS = ("last", "pichle", "pichla", "pichhle", "previous")

_MONTHS = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?: (?:st|nd|rd|th))?(?: of)? ?({_MONTHS})\b,?(?: (\d{{4}}))?")
_MONTH_DAY = re.compile(rf"\b({_MONTHS}) (\d{{1,2}})(?: (?:st|nd|rd|th))?\b,?(?: (\d{{4}}))?")
_DAY_OF_MONTH = re.compile(r"(?:\b(?:on|date)\s+(\d{1,2})(?: (?:st|nd|rd|th))?\b)"
                           r"|(?:\b(\d{1,2})(?: (?:st|nd|rd|th))?\s+(?:tarikh|tareekh|tarik|tareek|date)\b)")
_IN_DAYS = re.compile(r"\b(?:in|after)\s+(\d{1,2})\s+(day|days|din|week|weeks)\b"
                      r"|\b(\d{1,2})\s+(day|days|din|week|weeks|hafte)\s+(?:baad|bad|later|me|mein|main)\b")


def find_days(norm: str, now: datetime):
    """Return the days the normalised text names, None if it names none, or INVALID."""
    for finder in (_explicit_date, _relative_span, _relative_day, _weekday):
        found = finder(norm, now)
        if found is not None:
            return found
    return None


def first_open_day(now: datetime, at: time | None, part: str | None) -> tuple[date, date]:
    """A time with no day means today if it is still ahead, else tomorrow."""
    today = now.date()
    if at is not None:
        passed = at <= now.time().replace(tzinfo=None)
    else:
        passed = PARTS_OF_DAY[part][1] <= now.time().replace(tzinfo=None)
    found = today + timedelta(days=1) if passed else today
    return found, found


def _explicit_date(norm: str, now: datetime):
    today = now.date()
    match = ISO_DATE.search(norm)
    if match:
        return _checked_day(int(match.group(1)), int(match.group(2)), int(match.group(3)), today)
    for pattern in (NUM_DATE, DOTTED_DATE):
        match = pattern.search(norm)
        if match:
            return _day_in_year(int(match.group(1)), int(match.group(2)), match.group(3), today)
    match = _DAY_MONTH.search(norm)
    if match:
        return _day_in_year(int(match.group(1)), MONTH_WORDS[match.group(2)], match.group(3), today)
    match = _MONTH_DAY.search(norm)
    if match:
        return _day_in_year(int(match.group(2)), MONTH_WORDS[match.group(1)], match.group(3), today)
    match = _DAY_OF_MONTH.search(norm)
    if match:
        return _day_of_month(int(match.group(1) or match.group(2)), today)
    return None


def _day_in_year(day: int, month: int, year_text: str | None, today: date):
    if year_text is None:
        found = _checked_day(today.year, month, day, today, allow_past=True)
        if found is INVALID or found[0] >= today:
            return found
        return _checked_day(today.year + 1, month, day, today)
    year = int(year_text)
    if year < 100:
        year += 2000
    return _checked_day(year, month, day, today)


def _checked_day(year: int, month: int, day: int, today: date, allow_past: bool = False):
    try:
        found = date(year, month, day)
    except ValueError:
        return INVALID
    if found.year > today.year + 1:
        return INVALID
    return found, found


def _day_of_month(day: int, today: date):
    month, year = today.month, today.year
    for _ in range(3):  # the next month that has this day (31st skips short months)
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found, found
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return INVALID


def _relative_span(norm: str, now: datetime):
    today = now.date()
    # On a Sunday, "this weekend" began yesterday.
    this_saturday = today + timedelta(days=5 - today.weekday())
    if re.search(r"\b(?:next|agle|agla) (?:weekend|week ?end)\b", norm):
        saturday = this_saturday + timedelta(days=7)
        return saturday, saturday + timedelta(days=1)
    if re.search(r"\b(?:weekend|week ?end|saturday sunday|sat sun)\b", norm):
        return max(today, this_saturday), this_saturday + timedelta(days=1)
    if re.search(r"\b(?:next ?-?to ?-?next|next next|agle ke agle) (?:week|hafte|hafta)\b", norm):
        monday = today + timedelta(days=14 - today.weekday())
        return monday, monday + timedelta(days=6)
    if re.search(r"\b(?:next week|agle (?:week|hafte|hafta)|next hafte)\b", norm):
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=6)
    if re.search(r"\b(?:this week|is (?:week|hafte|hafta))\b", norm):
        return today, today + timedelta(days=6 - today.weekday())
    match = _IN_DAYS.search(norm)
    if match:
        count = int(match.group(1) or match.group(3))
        unit = match.group(2) or match.group(4)
        found = today + timedelta(days=count * (7 if unit.startswith(("week", "hafte")) else 1))
        return found, found
    return None


def _relative_day(norm: str, now: datetime):
    today = now.date()
    tomorrow = today + timedelta(days=0 if now.hour < LATE_NIGHT_END_HOUR else 1)
    if re.search(rf"\b(?:{DAY_AFTER_WORDS})\b", norm):
        found = tomorrow + timedelta(days=1)
        return found, found
    if re.search(rf"\b(?:{TOMORROW_WORDS})\b", norm):
        return tomorrow, tomorrow
    if re.search(rf"\b(?:{TODAY_WORDS})\b", norm):
        return today, today
    if re.search(r"\b(?:yesterday|yday|ystrdy)\b", norm):
        return today - timedelta(days=1), today - timedelta(days=1)
    return None


def _weekday(norm: str, now: datetime):
    today = now.date()
    for match in re.finditer(r"[a-z]+", norm):
        weekday = WEEKDAY_WORDS.get(match.group(0))
        if weekday is None:
            continue
        ahead = (weekday - today.weekday()) % 7
        before = norm[: match.start()].strip()
        if _AFTER_NEXT.search(before):
            ahead = (ahead or 7) + 7
        elif before.split()[-1:] and before.split()[-1] in ("next", "agle", "agla", "coming", "aane"):
            ahead = ahead or 7
        elif before.split()[-1:] and before.split()[-1] in _PAST_WORDS:
            ahead = ahead - 7 if ahead else -7
        found = today + timedelta(days=ahead)
        return found, found
    return None
