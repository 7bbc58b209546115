"""Times of day: "4pm", "10:30", "saade 4 baje", "at 6", "shaam", "midnight"."""

from __future__ import annotations

import re
from datetime import time

from .vocabulary import DOTTED_DATE, ISO_DATE, MONTH_WORDS, NUM_DATE, PART_OF_DAY_WORDS

# Part-of-day windows as diagnostic centres read them (end exclusive).
PARTS_OF_DAY: dict[str, tuple[time, time]] = {
    "morning": (time(7), time(12)),
    "afternoon": (time(12), time(16)),
    "evening": (time(16), time(20)),
    "night": (time(20), time(23)),
}

_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])")
_COLON = re.compile(r"\b(\d{1,2})[:.](\d{2})\b(?!\s*[/\-.]\d)")
_BAJE = re.compile(r"\b(?:(saade|sadhe|sade)\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(?:baje|bje|bajey|o'?clock)\b")
_AT_HOUR = re.compile(r"\b(?:at|@)\s*(\d{1,2})\b(?!\s*(?:[/\-]|" + "|".join(MONTH_WORDS) + r"))")


def find_time(norm: str) -> tuple[time | None, str | None]:
    """Return the exact time and the part of day the normalised text names, if any."""
    part = _find_part_of_day(norm)
    for numeric_date in (ISO_DATE, DOTTED_DATE, NUM_DATE):  # "25.12.26" is no 12:26
        norm = numeric_date.sub(" ", norm)
    if re.search(r"\bmidnight\b", norm):
        return time(0), None
    if re.search(r"\b(?:12 ?noon|noon time)\b", norm) or norm == "noon":
        return time(12), None
    hour_minute, meridiem = _find_clock(norm)
    if hour_minute is None:
        return None, part
    hour, minute = hour_minute
    hour = _resolve_hour(hour, meridiem, part)
    if hour is None or not 0 <= minute <= 59:
        return None, part
    return time(hour, minute), part


def _find_part_of_day(norm: str) -> str | None:
    for word in re.findall(r"[a-z']+", norm):
        if word in PART_OF_DAY_WORDS:
            return PART_OF_DAY_WORDS[word]
    return None


def _find_clock(norm: str) -> tuple[tuple[int, int] | None, str | None]:
    match = _CLOCK.search(norm)
    if match:
        return (int(match.group(1)), int(match.group(2) or 0)), match.group(3)[0]
    match = _BAJE.search(norm)
    if match:
        minute = 30 if match.group(1) else int(match.group(3) or 0)
        return (int(match.group(2)), minute), None
    match = _COLON.search(norm)
    if match:
        return (int(match.group(1)), int(match.group(2))), None
    match = _AT_HOUR.search(norm)
    if match:
        return (int(match.group(1)), 0), None
    return None, None


def _resolve_hour(hour: int, meridiem: str | None, part: str | None) -> int | None:
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23:
        return None
    if hour >= 13 or hour == 0:
        return hour
    if part in ("afternoon", "evening", "night"):
        return hour if hour == 12 else hour + 12
    if part == "morning":
        return hour % 12
    # No am/pm and no part of day: centres open 7 am - 9 pm, so 1-6 means afternoon.
    return hour + 12 if 1 <= hour <= 6 else hour
