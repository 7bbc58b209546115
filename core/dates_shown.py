"""Dates and times as a patient reads them, in English, Hindi (Devanagari) or Hinglish; India time.

One formatter for every message the bot (and anything else that writes to patients) sends:
'Wed 25 Nov, 5:30 pm' / 'बुध 25 नव॰, शाम 5:30' / 'Budh 25 Nov, shaam 5:30'. Hindi and Hinglish say
the time the way it is spoken, with the part of the day instead of am/pm.
"""
from __future__ import annotations

from datetime import date, datetime

from core.clock import IST

_DAYS = {  # Monday first, like date.weekday()
    "hi": ("सोम", "मंगल", "बुध", "गुरु", "शुक्र", "शनि", "रवि"),
    "hinglish": ("Som", "Mangal", "Budh", "Guru", "Shukr", "Shani", "Ravi"),
}
_HINDI_MONTHS = ("जन॰", "फ़र॰", "मार्च", "अप्रैल", "मई", "जून", "जुल॰", "अग॰", "सित॰", "अक्तू॰", "नव॰", "दिस॰")
# The part of the day a Hindi speaker puts before the time, from the hour it starts (24 h clock).
_PARTS = {
    "hi": ((0, "रात"), (4, "सुबह"), (12, "दोपहर"), (16, "शाम"), (20, "रात")),
    "hinglish": ((0, "raat"), (4, "subah"), (12, "dopahar"), (16, "shaam"), (20, "raat")),
}


def day(on: date, language: str | None, *, this_year: int) -> str:
    """'Wed 25 Nov' / 'बुध 25 नव॰' / 'Budh 25 Nov', with the year when it is not `this_year`."""
    if language in _DAYS:
        month = _HINDI_MONTHS[on.month - 1] if language == "hi" else f"{on:%b}"
        label = f"{_DAYS[language][on.weekday()]} {on.day} {month}"
    else:
        label = f"{on:%a} {on.day} {on:%b}"
    return label if on.year == this_year else f"{label} {on.year}"


def clock(moment: datetime, language: str | None) -> str:
    """'5:30 pm' / 'शाम 5:30' / 'shaam 5:30' ('10 am' / 'सुबह 10 बजे' on the hour) in India time."""
    local = moment.astimezone(IST)
    hour = local.hour % 12 or 12
    if language not in _PARTS:
        suffix = "am" if local.hour < 12 else "pm"
        return f"{hour} {suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d} {suffix}"
    part = [name for starts, name in _PARTS[language] if local.hour >= starts][-1]
    if local.minute == 0:
        return f"{part} {hour} {'बजे' if language == 'hi' else 'baje'}"
    return f"{part} {hour}:{local.minute:02d}"


def when(moment: datetime, language: str | None, *, this_year: int) -> str:
    """'Wed 25 Nov, 5:30 pm' in the language (the year too when it is not `this_year`)."""
    return f"{day(moment.astimezone(IST).date(), language, this_year=this_year)}, {clock(moment, language)}"
