"""How dates, slots and numbered menus read on WhatsApp: short lines, India time, digits to reply with."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from core import dates_shown
from core.catalogue import rupees
from core.clock import IST, now_utc


def clock(moment: datetime, language: str | None = None) -> str:
    """'5:30 pm' / 'शाम 5:30' / 'shaam 5:30' in India time (core.dates_shown)."""
    return dates_shown.clock(moment, language)


def day(on: date, language: str | None = None) -> str:
    """'Wed 25 Nov' / 'बुध 25 नव॰' / 'Budh 25 Nov', with the year when it is not this one."""
    return dates_shown.day(on, language, this_year=_this_year())


def when(moment: datetime, language: str | None = None) -> str:
    """'Wed 25 Nov, 5:30 pm' in India time and the patient's language (the year too when not this one)."""
    return dates_shown.when(moment, language, this_year=_this_year())


def _this_year() -> int:
    return now_utc().astimezone(IST).year


def slot_label(starts_at: datetime, center_name: str, area: str, language: str | None = None) -> str:
    """'Wed 25 Nov, 5:30 pm · Lotus Diagnostics, Baner' (the area only: the address comes on confirmation)."""
    place = center_name if area.lower() in center_name.lower() else f"{center_name}, {area}"
    return f"{when(starts_at, language)} · {place}"


def option_line(starts_at: datetime, center_name: str, area: str, price_paise: int,
                language: str | None = None) -> str:
    return f"{slot_label(starts_at, center_name, area, language)} · {rupees(price_paise)}"


def numbered(lines: Iterable[str]) -> str:
    """'1. first\\n2. second'."""
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


def sex_short(sex: object) -> str:
    value = getattr(sex, "value", sex) or ""
    return {"male": "M", "female": "F", "other": "Other"}.get(str(value), "")
