"""Human labels for a parsed request: "Wed 25 Nov, evening (4 pm–8 pm)"."""

from __future__ import annotations

from datetime import date, time


def human_label(first: date, last: date, window, at: time | None, part: str | None, this_year: int) -> str:
    """The days, then the exact time or the part of day; the year only when not this one."""
    days = _day_label(first, this_year)
    if first != last:
        days = f"{days} – {_day_label(last, this_year)}"
    if at is not None:
        return f"{days}, {_clock_label(at)}"
    if window is not None:
        span = f"{_clock_label(window[0])}–{_clock_label(window[1])}"
        return f"{days}, {part} ({span})" if part else f"{days}, {span}"
    return days


def _day_label(day: date, this_year: int) -> str:
    label = f"{day:%a} {day.day} {day:%b}"
    return label if day.year == this_year else f"{label} {day.year}"


def _clock_label(at: time) -> str:
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour} {suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d} {suffix}"
