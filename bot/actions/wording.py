"""How dates, slots and numbered menus read on WhatsApp: short lines, India time, digits to reply with."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from core.catalogue import rupees
from core.clock import IST, now_utc


def clock(moment: datetime) -> str:
    """'5:30 pm' / '10 am' in India time."""
    local = moment.astimezone(IST)
    hour, suffix = local.hour % 12 or 12, "am" if local.hour < 12 else "pm"
    return f"{hour} {suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d} {suffix}"


def day(on: date) -> str:
    """'Wed 25 Nov', with the year when it is not this one ('Fri 1 Jan 2027')."""
    label = f"{on:%a} {on.day} {on:%b}"
    return label if on.year == now_utc().astimezone(IST).year else f"{label} {on.year}"


def when(moment: datetime) -> str:
    """'Wed 25 Nov, 5:30 pm' in India time (the year too when it is not this one)."""
    return f"{day(moment.astimezone(IST).date())}, {clock(moment)}"


def slot_label(starts_at: datetime, center_name: str, area: str) -> str:
    """'Wed 25 Nov, 5:30 pm · Lotus Diagnostics, Baner' (the area only: the address comes on confirmation)."""
    place = center_name if area.lower() in center_name.lower() else f"{center_name}, {area}"
    return f"{when(starts_at)} · {place}"


def option_line(starts_at: datetime, center_name: str, area: str, price_paise: int) -> str:
    return f"{slot_label(starts_at, center_name, area)} · {rupees(price_paise)}"


def numbered(lines: Iterable[str]) -> str:
    """'1. first\\n2. second'."""
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


def sex_short(sex: object) -> str:
    value = getattr(sex, "value", sex) or ""
    return {"male": "M", "female": "F", "other": "Other"}.get(str(value), "")
