"""Read when a patient wants to come, from the words they type on WhatsApp.

Patients write "kal shaam", "parso subah 10 baje", "25 Dec 4pm", "next monday" or
"this weekend", in English, Hinglish or Devanagari. dateparser reads "kal" as nothing,
"1" as the first of the month and "5 dec at 10am" as the year 2110, so we parse the
few forms people actually use ourselves. Everything is in Asia/Kolkata.

Two rules keep the booking flow safe:
- a bare number ("2", "option 2", "2nd") is a menu choice, never a date;
- a date without a year that has already passed this year means next year.

Standard library only: the action server imports this module on every start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

IST = ZoneInfo("Asia/Kolkata")

# Before this hour, "tomorrow" still means the coming day: at 1 a.m. "kal subah"
# is the morning a few hours away, not the one after it.
LATE_NIGHT_END_HOUR = 4

# Part-of-day windows as diagnostic centres read them (end exclusive).
PARTS_OF_DAY: dict[str, tuple[time, time]] = {
    "morning": (time(7), time(12)),
    "afternoon": (time(12), time(16)),
    "evening": (time(16), time(20)),
    "night": (time(20), time(23)),
}

PART_OF_DAY_WORDS: dict[str, str] = {
    "morning": "morning", "mrng": "morning", "morn": "morning", "subah": "morning",
    "subha": "morning", "suba": "morning", "savere": "morning", "sawere": "morning",
    "afternoon": "afternoon", "noon": "afternoon", "dopahar": "afternoon",
    "dopehar": "afternoon", "dupahar": "afternoon", "dopaher": "afternoon",
    "evening": "evening", "eve": "evening", "evng": "evening", "evening's": "evening",
    "shaam": "evening", "sham": "evening", "shyam": "evening", "saam": "evening",
    "night": "night", "nite": "night", "raat": "night", "rat": "night", "tonight": "night",
}

WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0, "mon": 0, "somvar": 0, "somwar": 0, "somvaar": 0, "somwaar": 0,
    "tuesday": 1, "tue": 1, "tues": 1, "mangalvar": 1, "mangalwar": 1, "mangalvaar": 1,
    "wednesday": 2, "wed": 2, "budhvar": 2, "budhwar": 2, "budhvaar": 2, "budhwaar": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "guruvar": 3, "guruwar": 3,
    "guruvaar": 3, "brihaspativar": 3, "veervar": 3, "virvar": 3,
    "friday": 4, "fri": 4, "shukravar": 4, "shukrawar": 4, "shukravaar": 4, "sukravar": 4,
    "saturday": 5, "sat": 5, "shanivar": 5, "shaniwar": 5, "shanivaar": 5, "saniwar": 5,
    "sunday": 6, "sun": 6, "ravivar": 6, "raviwar": 6, "ravivaar": 6, "itwar": 6,
    "itvar": 6, "etwar": 6,
}

MONTH_WORDS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

# Devanagari words patients type, mapped to the romanised words the rules below read.
DEVANAGARI: dict[str, str] = {
    "आज": "aaj", "कल": "kal", "परसों": "parso", "परसो": "parso", "सुबह": "subah",
    "दोपहर": "dopahar", "शाम": "shaam", "रात": "raat", "बजे": "baje",
    "सोमवार": "somvar", "मंगलवार": "mangalvar", "बुधवार": "budhvar", "गुरुवार": "guruvar",
    "शुक्रवार": "shukravar", "शनिवार": "shanivar", "रविवार": "ravivar",
    "अगले": "agle", "हफ्ते": "hafte", "दिन": "din", "बाद": "baad",
}

TODAY_WORDS = r"today|tdy|aaj|aj|tonight"
TOMORROW_WORDS = r"tomorrow|tomorow|tommorow|tommorrow|tmrw|tmrow|tmr|tmw|kal|kl"
DAY_AFTER_WORDS = r"day after tomorrow|day after tmrw|day after|parso|parson|parsoon|parsho|parsu"

MENU_ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "one": 1, "ek": 1, "pehla": 1, "pehle": 1, "pahla": 1,
    "pehli": 1, "pahli": 1, "pehela": 1,
    "second": 2, "2nd": 2, "two": 2, "do": 2, "doosra": 2, "dusra": 2, "doosri": 2,
    "dusri": 2, "doosre": 2, "dusre": 2,
    "third": 3, "3rd": 3, "three": 3, "teen": 3, "teesra": 3, "tisra": 3, "teesri": 3,
    "tisri": 3, "teesre": 3,
    "fourth": 4, "4th": 4, "four": 4, "char": 4, "chaar": 4, "chautha": 4, "chotha": 4,
    "chauthi": 4,
    "fifth": 5, "5th": 5, "five": 5, "paanch": 5, "panch": 5, "paanchva": 5,
    "panchva": 5, "paanchvan": 5,
}
LAST_WORDS = {"last", "aakhri", "akhri", "aakhiri", "last wala"}
MENU_FILLER = {
    "option", "opt", "options", "no", "number", "num", "nmbr", "#", "slot", "choice",
    "wala", "vala", "wali", "wale", "vali", "the", "i", "choose", "select", "want",
    "take", "pick", "lunga", "lungi", "chahiye", "please", "pls", "plz", "ok", "okay",
    "ji", "is", "ka", "ko", "wo", "woh", "vo", "se", "book", "kar", "karo", "do", "one",
    "it", "that", "go", "with", "for", "me", "mujhe", "sir", "mam", "madam",
    "st", "nd", "rd", "th",
}


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
    norm = _normalise(text)
    if not norm or _is_menu_choice(norm):
        return None
    at, part = _find_time(norm)
    days = _find_days(norm, now)
    if days is _INVALID:
        return None
    if days is None and at is None and part is None:
        return None
    if days is None:
        days = _first_open_day(now, at, part)
    window = PARTS_OF_DAY[part] if part and at is None else None
    first, last = days
    return When(first, last, window, at, _label(first, last, window, at, part, now.year))


def parse_menu_choice(text: str, n_options: int) -> int | None:
    """Return the 1-based menu option the text picks ("2", "option 2", "doosra"), or None."""
    norm = _normalise(text).replace(".", " ").replace(")", " ")
    tokens = [t for t in re.split(r"[\s,!?]+", norm) if t]
    if not tokens or n_options < 1:
        return None
    if " ".join(tokens) in LAST_WORDS or tokens[0] in LAST_WORDS:
        return n_options
    picked = [t for t in tokens if t not in MENU_FILLER] or [t for t in tokens if t in MENU_ORDINALS]
    if len(picked) != 1:
        return None
    choice = _menu_number(picked[0])
    if choice is None or not 1 <= choice <= n_options:
        return None
    return choice


# --- helpers -------------------------------------------------------------------------

_INVALID = object()  # the text names a date that cannot be booked (31 Feb, a past year)


def _as_ist(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(IST)


def _normalise(text: str) -> str:
    text = (text or "").strip().lower()
    for word, roman in DEVANAGARI.items():
        text = text.replace(word, f" {roman} ")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1 \2", text)  # "25th" -> "25 th"
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .!?,")


def _is_menu_choice(norm: str) -> bool:
    return bool(re.fullmatch(r"(?:option|opt|no\.?|number|slot|#)?\s*\d{1,2}(?: (?:st|nd|rd|th))?"
                             r"(?: (?:wala|vala|one))?", norm))


def _menu_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = re.fullmatch(r"#?(\d{1,2})(?:st|nd|rd|th)?", token)
    if match:
        return int(match.group(1))
    return MENU_ORDINALS.get(token)


# --- time of day ---------------------------------------------------------------------

_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])")
_COLON = re.compile(r"\b(\d{1,2})[:.](\d{2})\b(?!\s*[/\-.]\d)")
_BAJE = re.compile(r"\b(?:(saade|sadhe|sade)\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(?:baje|bje|bajey|o'?clock)\b")
_AT_HOUR = re.compile(r"\b(?:at|@)\s*(\d{1,2})\b(?!\s*(?:[/\-]|" + "|".join(MONTH_WORDS) + r"))")


def _find_time(norm: str) -> tuple[time | None, str | None]:
    part = _find_part_of_day(norm)
    for numeric_date in (_ISO_DATE, _DOTTED_DATE, _NUM_DATE):  # "25.12.26" is no 12:26
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


# --- days ----------------------------------------------------------------------------

_NUM_DATE = re.compile(r"\b(\d{1,2})[/\-](\d{1,2})(?:[/\-](\d{2}|\d{4}))?\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_MONTHS = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?: (?:st|nd|rd|th))?(?: of)? ?({_MONTHS})\b,?(?: (\d{{4}}))?")
_MONTH_DAY = re.compile(rf"\b({_MONTHS}) (\d{{1,2}})(?: (?:st|nd|rd|th))?\b,?(?: (\d{{4}}))?")
_DAY_OF_MONTH = re.compile(r"(?:\b(?:on|date)\s+(\d{1,2})(?: (?:st|nd|rd|th))?\b)"
                           r"|(?:\b(\d{1,2})(?: (?:st|nd|rd|th))?\s+(?:tarikh|tareekh|tarik|tareek|date)\b)")
_IN_DAYS = re.compile(r"\b(?:in|after)\s+(\d{1,2})\s+(day|days|din|week|weeks)\b"
                      r"|\b(\d{1,2})\s+(day|days|din|week|weeks|hafte)\s+(?:baad|bad|later|me|mein|main)\b")


def _find_days(norm: str, now: datetime):
    for finder in (_explicit_date, _relative_span, _relative_day, _weekday):
        found = finder(norm, now)
        if found is not None:
            return found
    return None


def _explicit_date(norm: str, now: datetime):
    today = now.date()
    match = _ISO_DATE.search(norm)
    if match:
        return _checked_day(int(match.group(1)), int(match.group(2)), int(match.group(3)), today)
    for pattern in (_NUM_DATE, _DOTTED_DATE):
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
        if found is _INVALID or found[0] >= today:
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
        return _INVALID
    too_far = found.year > today.year + 1
    if too_far or (found < today and not allow_past):
        return _INVALID
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
    return _INVALID


def _relative_span(norm: str, now: datetime):
    today = now.date()
    # On a Sunday, "this weekend" began yesterday.
    this_saturday = today + timedelta(days=5 - today.weekday())
    if re.search(r"\b(?:next|agle|agla) (?:weekend|week ?end)\b", norm):
        saturday = this_saturday + timedelta(days=7)
        return saturday, saturday + timedelta(days=1)
    if re.search(r"\b(?:weekend|week ?end|saturday sunday|sat sun)\b", norm):
        return max(today, this_saturday), this_saturday + timedelta(days=1)
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
    return None


def _weekday(norm: str, now: datetime):
    today = now.date()
    for match in re.finditer(r"[a-z]+", norm):
        weekday = WEEKDAY_WORDS.get(match.group(0))
        if weekday is None:
            continue
        ahead = (weekday - today.weekday()) % 7
        before = norm[: match.start()].split()[-1:]
        if before and before[0] in ("next", "agle", "agla", "coming", "aane"):
            ahead = ahead or 7
        found = today + timedelta(days=ahead)
        return found, found
    return None


def _first_open_day(now: datetime, at: time | None, part: str | None) -> tuple[date, date]:
    """A time with no day means today if it is still ahead, else tomorrow."""
    today = now.date()
    if at is not None:
        passed = at <= now.time().replace(tzinfo=None)
    else:
        passed = PARTS_OF_DAY[part][1] <= now.time().replace(tzinfo=None)
    found = today + timedelta(days=1) if passed else today
    return found, found


# --- labels --------------------------------------------------------------------------

def _label(first: date, last: date, window, at: time | None, part: str | None, this_year: int) -> str:
    days = _day_label(first, this_year)
    if first != last:
        days = f"{days} – {_day_label(last, this_year)}"
    if at is not None:
        return f"{days}, {_clock_label(at)}"
    if window is not None:
        return f"{days}, {part} ({_clock_label(window[0])}–{_clock_label(window[1])})"
    return days


def _day_label(day: date, this_year: int) -> str:
    label = f"{day:%a} {day.day} {day:%b}"
    return label if day.year == this_year else f"{label} {day.year}"


def _clock_label(at: time) -> str:
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour} {suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d} {suffix}"
