"""Dates and times in the patient's language: English unchanged, Hindi in Devanagari, Hinglish as spoken."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from core.clock import IST
from core.dates_shown import clock, day, when

EVENING = datetime(2026, 11, 25, 17, 30, tzinfo=IST)  # a Wednesday


@pytest.mark.parametrize("language, expected", [
    ("en", "Wed 25 Nov, 5:30 pm"), (None, "Wed 25 Nov, 5:30 pm"),
    ("hi", "बुध 25 नव॰, शाम 5:30"), ("hinglish", "Budh 25 Nov, shaam 5:30"),
])
def test_a_moment_reads_in_each_language(language, expected):
    assert when(EVENING, language, this_year=2026) == expected


@pytest.mark.parametrize("hour, minute, language, expected", [
    (10, 0, "en", "10 am"), (10, 30, "en", "10:30 am"), (0, 15, "en", "12:15 am"),
    (10, 0, "hi", "सुबह 10 बजे"), (10, 30, "hi", "सुबह 10:30"), (13, 0, "hi", "दोपहर 1 बजे"),
    (21, 0, "hi", "रात 9 बजे"), (2, 0, "hinglish", "raat 2 baje"), (12, 15, "hinglish", "dopahar 12:15"),
])
def test_the_part_of_the_day_replaces_am_and_pm_in_hindi_and_hinglish(hour, minute, language, expected):
    assert clock(datetime(2026, 11, 25, hour, minute, tzinfo=IST), language) == expected


def test_the_year_is_shown_only_when_it_is_not_this_one_in_every_language():
    new_year = date(2027, 1, 1)  # a Friday
    assert day(new_year, "en", this_year=2026) == "Fri 1 Jan 2027"
    assert day(new_year, "hi", this_year=2026) == "शुक्र 1 जन॰ 2027"
    assert day(new_year, "hinglish", this_year=2027) == "Shukr 1 Jan"
