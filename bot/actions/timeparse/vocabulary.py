"""The words patients use for days, months, parts of day and menu options.

English, Hinglish (romanised Hindi, in the spellings people actually type) and the
Devanagari words that `normalise` maps onto their romanised form, plus the numeric
date patterns both the clock and the calendar rules must recognise.
"""

from __future__ import annotations

import re

from bot.medezy_nlu.romanize import romanize

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
    "itvar": 6, "etwar": 6, "itvaar": 6, "itwaar": 6, "etvaar": 6,
}

MONTH_WORDS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

# Devanagari words patients type, mapped to the romanised words the rules read.
DEVANAGARI: dict[str, str] = {
    "आज": "aaj", "कल": "kal", "परसों": "parso", "परसो": "parso", "सुबह": "subah",
    "दोपहर": "dopahar", "शाम": "shaam", "रात": "raat", "बजे": "baje",
    "सोमवार": "somvar", "मंगलवार": "mangalvar", "बुधवार": "budhvar", "गुरुवार": "guruvar",
    "शुक्रवार": "shukravar", "शनिवार": "shanivar", "रविवार": "ravivar", "इतवार": "itwar", "काल्ह": "kalh",
    "अगले": "agle", "हफ्ते": "hafte", "दिन": "din", "बाद": "baad",
    "तारीख": "tareekh", "तारीख़": "tareekh", "सवा": "sawa", "साढ़े": "saadhe", "साढे": "saadhe",
    "पौने": "paune", "डेढ़": "dedh", "ढाई": "dhai", "से": "se", "के": "ke", "बीच": "beech", "एक": "ek",
}
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# Hindi hour words, for "saadhe das", "sawa gyarah".
HOUR_WORDS: dict[str, int] = {
    "ek": 1, "do": 2, "teen": 3, "char": 4, "chaar": 4, "paanch": 5, "panch": 5, "chhe": 6, "che": 6, "chah": 6,
    "saat": 7, "sat": 7, "aath": 8, "ath": 8, "nau": 9, "das": 10, "dus": 10, "gyarah": 11, "gyara": 11,
    "barah": 12, "bara": 12,
}
# Phrases rewritten into ones the day rules already read.
_REWRITES = [
    (re.compile(r"\b(?:ek|1|one|a)\s+(?:hafte|hafta|week)\s+(?:baad|bad|later|after)\b"
                r"|\b(?:after|in)\s+(?:a|one|1)\s+week\b"), "7 din baad"),
    (re.compile(r"\b(?:do|2|two)\s+(?:hafte|hafta|weeks)\s+(?:baad|bad|later|after)\b"
                r"|\b(?:after|in)\s+(?:two|2)\s+weeks\b"), "14 din baad"),
]

TODAY_WORDS = r"today|tdy|aaj|aj|tonight"
# "kalh": Bhojpuri/Awadhi for kal ("काल्ह" romanized).
TOMORROW_WORDS = r"tomorrow|tomorow|tommorow|tommorrow|tmrw|tmrow|tmr|tmw|kal|kalh|kl"
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

# Numeric dates. The calendar reads them as days; the clock blanks them out first,
# so that "25.12.26" is no 12:26.
NUM_DATE = re.compile(r"\b(\d{1,2})[/\-](\d{1,2})(?:[/\-](\d{2}|\d{4}))?\b")
DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def normalise(text: str) -> str:
    """Lower-case, romanise Devanagari words and split "25th" into "25 th"."""
    text = (text or "").strip().lower().translate(_DEVANAGARI_DIGITS)
    for word, roman in sorted(DEVANAGARI.items(), key=lambda item: -len(item[0])):
        text = text.replace(word, f" {roman} ")
    text = romanize(text)  # the other Devanagari words ("दस" -> "das"), as the NLU reads them
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1 \2", text)  # "25th" -> "25 th"
    months = "|".join(MONTH_WORDS)
    # "on the 24th" with no month: the 24th of this (or next) month, like "24 tareekh".
    # A bare "2nd" stays a menu choice.
    text = re.sub(rf"\b(?:on\s+the|on|the)\s+(\d{{1,2}}) (?:st|nd|rd|th)\b(?!\s*(?:of\s+)?(?:{months})\b)",
                  r"\1 tareekh", text)
    text = re.sub(r"\b(\d{1,2})\s*-\s*(\d{1,2})\s*(am|pm)\b", r"\1 to \2 \3", text)  # "4-6 pm" is no date
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .!?,")
