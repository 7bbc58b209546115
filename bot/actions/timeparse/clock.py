"""Times of day: "4pm", "10:30", "saade 4 baje", "at 6", "shaam", "midnight"."""

from __future__ import annotations

import re
from datetime import time

from .vocabulary import DOTTED_DATE, HOUR_WORDS, ISO_DATE, MONTH_WORDS, NUM_DATE, PART_OF_DAY_WORDS

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
_HOUR = r"(\d{1,2}|" + "|".join(HOUR_WORDS) + r")"
# Hindi quarter hours: sawa 4 = 4:15, saadhe 4 = 4:30, paune 4 = 3:45; dedh = 1:30, dhai = 2:30.
_FRACTION = re.compile(r"\b(sawa|sava|saadhe|saade|sadhe|sade|saare|paune|pone|paone)\s+" + _HOUR + r"\b")
_DEDH_DHAI = re.compile(r"\b(dedh|derh|dhai|dhaai|adhai)\b")
_QUARTERS = {"sawa": 15, "sava": 15, "paune": -15, "pone": -15, "paone": -15}
# Ranges: "after 4", "4 ke baad", "4 se 6 ke beech", "between 4 and 6", "4-6 pm", "before 11".
_AFTER = re.compile(r"\b(?:after|aftr|post)\s+(\d{1,2})(?:\s*(am|pm))?\b|\b(\d{1,2})\s*(am|pm)?\s*(?:baje\s+)?ke\s+baad\b")
_BETWEEN = re.compile(r"\b(?:between\s+)?(\d{1,2})\s*(am|pm)?\s*(?:se|to|and|-|–)\s*(\d{1,2})\s*(am|pm)?"
                      r"(?:\s*(?:baje|bje))?(?:\s*(?:ke\s+)?(?:beech|bich|between))?\b(?!\s*(?:din|day|days|hafte|week|weeks|mahine|month))")
_BEFORE = re.compile(r"\b(?:before|by)\s+(\d{1,2})(?:\s*(am|pm))?\b|\b(\d{1,2})\s*(am|pm)?\s*(?:baje\s+)?se\s+pehle\b")
DAY_OPENS, DAY_CLOSES = time(7), time(21)
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


def find_span(norm: str) -> tuple[time, time] | None:
    """A window the words give ("after 4" = 4 pm - 9 pm, "4 se 6 ke beech" = 4 pm - 6 pm), if any."""
    for numeric_date in (ISO_DATE, DOTTED_DATE, NUM_DATE):
        norm = numeric_date.sub(" ", norm)
    part = _find_part_of_day(norm)
    match = _BETWEEN.search(norm)
    if match and (match.group(2) or match.group(4) or re.search(r"\b(se|between|beech|bich|baje)\b", match.group(0))):
        late = match.group(4) or match.group(2)
        start = _resolve_hour(int(match.group(1)), (match.group(2) or late or "")[:1] or None, part)
        end = _resolve_hour(int(match.group(3)), (late or "")[:1] or None, part)
        if start is not None and end is not None:
            if end <= start and end + 12 <= 23:
                end += 12
            if start < end:
                return time(start), time(end)
    match = _AFTER.search(norm)
    if match:
        hour, meridiem = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        start = _resolve_hour(int(hour), (meridiem or "")[:1] or None, part)
        if start is not None and time(start) < DAY_CLOSES:
            return time(start), DAY_CLOSES
    match = _BEFORE.search(norm)
    if match:
        hour, meridiem = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        end = _resolve_hour(int(hour), (meridiem or "")[:1] or None, part)
        if end is not None and time(end) > DAY_OPENS:
            return DAY_OPENS, time(end)
    return None


def _find_fraction(norm: str) -> tuple[int, int] | None:
    """'saadhe das' -> (10, 30), 'paune 5' -> (4, 45), 'dedh baje' -> (1, 30)."""
    match = _FRACTION.search(norm)
    if match:
        word, hour_text = match.group(1), match.group(2)
        hour = int(hour_text) if hour_text.isdigit() else HOUR_WORDS[hour_text]
        quarter = _QUARTERS.get(word, 30)
        return ((hour - 1) % 12 or 12, 45) if quarter < 0 else (hour, quarter)
    match = _DEDH_DHAI.search(norm)
    if match:
        return (1, 30) if match.group(1) in ("dedh", "derh") else (2, 30)
    return None


def _find_part_of_day(norm: str) -> str | None:
    for word in re.findall(r"[a-z']+", norm):
        if word in PART_OF_DAY_WORDS:
            return PART_OF_DAY_WORDS[word]
    return None


def _find_clock(norm: str) -> tuple[tuple[int, int] | None, str | None]:
    fraction = _find_fraction(norm)
    if fraction is not None:
        meridiem = _CLOCK.search(norm)
        return fraction, meridiem.group(3)[0] if meridiem else None
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
