"""The natural-language date/time parser the booking form relies on.

Each table row is one message a patient could type, read at a fixed moment in
Asia/Kolkata. Expected values: (first day, last day, exact time, part of day).
"""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.actions.timeparse import IST, PARTS_OF_DAY, parse_menu_choice, parse_when

# Tuesday 24 November 2026, 10:00 IST.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=IST)
# Wednesday 30 December 2026, 15:00 IST.
YEAR_END = datetime(2026, 12, 30, 15, 0, tzinfo=IST)
# Tuesday 24 November 2026, 00:30 IST: the patient has not slept yet.
LATE_NIGHT = datetime(2026, 11, 24, 0, 30, tzinfo=IST)
# Tuesday 24 November 2026, exactly midnight IST.
MIDNIGHT = datetime(2026, 11, 24, 0, 0, tzinfo=IST)
# Tuesday 24 November 2026, 21:15 IST.
LATE_EVENING = datetime(2026, 11, 24, 21, 15, tzinfo=IST)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


CASES = [
    # relative days, English and Hinglish
    ("today", NOW, d(11, 24), d(11, 24), None, None),
    ("aaj", NOW, d(11, 24), d(11, 24), None, None),
    ("tomorrow", NOW, d(11, 25), d(11, 25), None, None),
    ("tmrw", NOW, d(11, 25), d(11, 25), None, None),
    ("kal", NOW, d(11, 25), d(11, 25), None, None),
    ("कल", NOW, d(11, 25), d(11, 25), None, None),
    ("parso", NOW, d(11, 26), d(11, 26), None, None),
    ("kalh subah", NOW, d(11, 25), d(11, 25), None, "morning"),  # Bhojpuri
    ("काल्ह", NOW, d(11, 25), d(11, 25), None, None),
    ("itvaar", NOW, d(11, 29), d(11, 29), None, None),  # Urdu-origin Sunday
    ("इतवार", NOW, d(11, 29), d(11, 29), None, None),
    ("parson subah", NOW, d(11, 26), d(11, 26), None, "morning"),
    ("परसों", NOW, d(11, 26), d(11, 26), None, None),
    ("day after tomorrow", NOW, d(11, 26), d(11, 26), None, None),
    ("in 3 days", NOW, d(11, 27), d(11, 27), None, None),
    ("3 din baad", NOW, d(11, 27), d(11, 27), None, None),
    # weekdays
    ("Monday", NOW, d(11, 30), d(11, 30), None, None),
    ("next Monday", NOW, d(11, 30), d(11, 30), None, None),
    ("this saturday", NOW, d(11, 28), d(11, 28), None, None),
    ("tuesday", NOW, d(11, 24), d(11, 24), None, None),
    ("next tuesday", NOW, d(12, 1), d(12, 1), None, None),
    ("somvar", NOW, d(11, 30), d(11, 30), None, None),
    ("mangalwar ko", NOW, d(11, 24), d(11, 24), None, None),
    ("budhvar", NOW, d(11, 25), d(11, 25), None, None),
    ("guruvar shaam", NOW, d(11, 26), d(11, 26), None, "evening"),
    ("agle shukravar", NOW, d(11, 27), d(11, 27), None, None),
    ("shanivar subah", NOW, d(11, 28), d(11, 28), None, "morning"),
    ("ravivar", NOW, d(11, 29), d(11, 29), None, None),
    # parts of day
    ("kal shaam", NOW, d(11, 25), d(11, 25), None, "evening"),
    ("kal sham MRI knee Pune mein", NOW, d(11, 25), d(11, 25), None, "evening"),
    ("tomorrow evening", NOW, d(11, 25), d(11, 25), None, "evening"),
    ("tmrw morning", NOW, d(11, 25), d(11, 25), None, "morning"),
    ("kal dopahar", NOW, d(11, 25), d(11, 25), None, "afternoon"),
    ("aaj raat", NOW, d(11, 24), d(11, 24), None, "night"),
    ("evening", NOW, d(11, 24), d(11, 24), None, "evening"),
    ("evening", LATE_EVENING, d(11, 25), d(11, 25), None, "evening"),
    # explicit dates and times
    ("25 Dec 4pm", NOW, d(12, 25), d(12, 25), time(16), None),
    ("5 dec at 10am", NOW, d(12, 5), d(12, 5), time(10), None),
    ("I want MRI on 5 dec at 10am", NOW, d(12, 5), d(12, 5), time(10), None),
    ("dec 5th 11:30 am", NOW, d(12, 5), d(12, 5), time(11, 30), None),
    ("25/12", NOW, d(12, 25), d(12, 25), None, None),
    ("25-12-2026", NOW, d(12, 25), d(12, 25), None, None),
    ("25.12.26", NOW, d(12, 25), d(12, 25), None, None),
    ("28th november", NOW, d(11, 28), d(11, 28), None, None),
    ("5 tarikh ko", NOW, d(12, 5), d(12, 5), None, None),
    ("on 28th", NOW, d(11, 28), d(11, 28), None, None),
    ("10:30", NOW, d(11, 24), d(11, 24), time(10, 30), None),
    ("9:30", NOW, d(11, 25), d(11, 25), time(9, 30), None),
    ("4 pm", NOW, d(11, 24), d(11, 24), time(16), None),
    ("4 baje", NOW, d(11, 24), d(11, 24), time(16), None),
    ("shaam 5 baje", NOW, d(11, 24), d(11, 24), time(17), None),
    ("kal subah 9 baje", NOW, d(11, 25), d(11, 25), time(9), None),
    ("kal saade 4 baje", NOW, d(11, 25), d(11, 25), time(16, 30), None),
    ("कल शाम 6 बजे", NOW, d(11, 25), d(11, 25), time(18), None),
    ("tomorrow at 11", NOW, d(11, 25), d(11, 25), time(11), None),
    ("17:45", NOW, d(11, 24), d(11, 24), time(17, 45), None),
    # spans
    ("this weekend", NOW, d(11, 28), d(11, 29), None, None),
    ("weekend mein subah", NOW, d(11, 28), d(11, 29), None, "morning"),
    ("next weekend", NOW, d(12, 5), d(12, 6), None, None),
    ("next week", NOW, d(11, 30), d(12, 6), None, None),
    ("agle hafte", NOW, d(11, 30), d(12, 6), None, None),
    # the one after the coming one
    ("next to next Monday", NOW, d(12, 7), d(12, 7), None, None),
    ("next-to-next monday", NOW, d(12, 7), d(12, 7), None, None),
    ("agle ke agle somvar", NOW, d(12, 7), d(12, 7), None, None),
    ("अगले के अगले सोमवार", NOW, d(12, 7), d(12, 7), None, None),
    ("next to next tuesday", NOW, d(12, 8), d(12, 8), None, None),
    ("next to next week", NOW, d(12, 7), d(12, 13), None, None),
    # past dates roll to next year; never a far-off year
    ("20 nov", NOW, d(11, 20, 2027), d(11, 20, 2027), None, None),
    ("1 jan", NOW, d(1, 1, 2027), d(1, 1, 2027), None, None),
    # end of year
    ("kal", YEAR_END, d(12, 31), d(12, 31), None, None),
    ("parso", YEAR_END, d(1, 1, 2027), d(1, 1, 2027), None, None),
    ("2 jan 10am", YEAR_END, d(1, 2, 2027), d(1, 2, 2027), time(10), None),
    ("25 dec", YEAR_END, d(12, 25, 2027), d(12, 25, 2027), None, None),
    ("friday", YEAR_END, d(1, 1, 2027), d(1, 1, 2027), None, None),
    ("next week", YEAR_END, d(1, 4, 2027), d(1, 10, 2027), None, None),
    ("2/1", YEAR_END, d(1, 2, 2027), d(1, 2, 2027), None, None),
    # after midnight, "kal" is the day that is about to start
    ("kal", LATE_NIGHT, d(11, 24), d(11, 24), None, None),
    ("kal subah", LATE_NIGHT, d(11, 24), d(11, 24), None, "morning"),
    ("parso", LATE_NIGHT, d(11, 25), d(11, 25), None, None),
    ("aaj", LATE_NIGHT, d(11, 24), d(11, 24), None, None),
    ("aaj", MIDNIGHT, d(11, 24), d(11, 24), None, None),
    ("tomorrow", MIDNIGHT, d(11, 24), d(11, 24), None, None),
    ("4 pm", MIDNIGHT, d(11, 24), d(11, 24), time(16), None),
    ("midnight", NOW, d(11, 25), d(11, 25), time(0), None),
]


@pytest.mark.parametrize(("text", "now", "first", "last", "at", "part"), CASES, ids=[c[0] + f"@{c[1]:%m%d%H%M}" for c in CASES])
def test_parse_when_reads_the_day_and_time(text, now, first, last, at, part):
    when = parse_when(text, now)
    assert when is not None
    assert (when.first_day, when.last_day, when.at) == (first, last, at)
    assert when.window == (PARTS_OF_DAY[part] if part else None)


@pytest.mark.parametrize(
    "text",
    ["2", "option 2", "Option 3", "2nd", "2 wala", "#1", "15", "hello", "mujhe MRI karwana hai",
     "", "   ", "31/02", "report kab aayegi?", "price kya hai"],
)
def test_parse_when_ignores_menu_choices_and_text_without_a_date(text):
    assert parse_when(text, NOW) is None


def test_start_and_end_are_aware_ist_datetimes_for_a_part_of_day():
    when = parse_when("kal shaam", NOW)
    assert when.start == datetime(2026, 11, 25, 16, 0, tzinfo=IST)
    assert when.end == datetime(2026, 11, 25, 20, 0, tzinfo=IST)
    assert when.label == "Wed 25 Nov, evening (4 pm–8 pm)"


def test_an_exact_time_spans_one_hour():
    when = parse_when("25 Dec 4pm", NOW)
    assert (when.start, when.end) == (
        datetime(2026, 12, 25, 16, 0, tzinfo=IST),
        datetime(2026, 12, 25, 17, 0, tzinfo=IST),
    )
    assert when.label == "Fri 25 Dec, 4 pm"


def test_a_day_range_ends_at_the_midnight_after_its_last_day():
    when = parse_when("this weekend", NOW)
    assert when.is_range
    assert when.end == datetime(2026, 11, 30, 0, 0, tzinfo=IST)
    assert when.label == "Sat 28 Nov – Sun 29 Nov"


def test_label_names_the_year_when_it_is_not_this_year():
    assert parse_when("1 jan", NOW).label == "Fri 1 Jan 2027"


def test_now_in_another_zone_is_read_in_kolkata():
    # 20:00 UTC on 24 Nov is 01:30 IST on 25 Nov.
    utc_now = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)
    assert parse_when("aaj", utc_now).first_day == d(11, 25)


def test_naive_now_is_rejected():
    with pytest.raises(ValueError):
        parse_when("kal", datetime(2026, 11, 24, 10, 0))


def test_never_returns_a_far_future_year():
    for text in ["5 dec at 10am", "1 jan", "31 dec", "29 feb", "12/12"]:
        when = parse_when(text, NOW)
        assert when is None or when.first_day - NOW.date() <= timedelta(days=366)


MENU_CASES = [
    ("2", 3, 2),
    ("option 3", 3, 3),
    ("Option 1", 3, 1),
    ("opt 2", 3, 2),
    ("2nd", 3, 2),
    ("#1", 3, 1),
    ("1.", 3, 1),
    ("second", 3, 2),
    ("second one", 3, 2),
    ("the first one", 3, 1),
    ("pehla", 3, 1),
    ("pehla wala", 3, 1),
    ("doosra", 3, 2),
    ("dusra wala slot", 3, 2),
    ("teesra", 3, 3),
    ("last", 3, 3),
    ("aakhri wala", 4, 4),
    ("slot 2 please", 3, 2),
    ("4", 3, None),
    ("0", 3, None),
    ("chautha", 3, None),
    ("2 baje", 3, None),
    ("kal shaam", 3, None),
    ("1 2", 3, None),
    ("", 3, None),
]


@pytest.mark.parametrize(("text", "n_options", "expected"), MENU_CASES)
def test_parse_menu_choice(text, n_options, expected):
    assert parse_menu_choice(text, n_options) == expected


HINDI_HOURS = [
    ("kal saadhe das baje", time(10, 30)),
    ("kal sawa 11", time(11, 15)),
    ("kal paune 5 baje", time(16, 45)),
    ("kal dedh baje", time(13, 30)),
    ("kal dhai baje", time(14, 30)),
    ("kal subah saadhe 9", time(9, 30)),
    ("कल साढ़े दस बजे", time(10, 30)),
]


@pytest.mark.parametrize(("text", "at"), HINDI_HOURS, ids=[c[0] for c in HINDI_HOURS])
def test_hindi_quarter_hours_give_the_exact_time(text, at):
    assert parse_when(text, NOW).at == at


SPANS = [
    ("kal after 4", time(16), time(21)),
    ("kal 4 baje ke baad", time(16), time(21)),
    ("kal 4 se 6 ke beech", time(16), time(18)),
    ("between 10 and 12 tomorrow", time(10), time(12)),
    ("kal 4-6 pm", time(16), time(18)),
    ("before 11 tomorrow", time(7), time(11)),
]


@pytest.mark.parametrize(("text", "start", "end"), SPANS, ids=[c[0] for c in SPANS])
def test_after_before_and_between_give_a_window_of_that_day(text, start, end):
    when = parse_when(text, NOW)
    assert when.first_day == d(11, 25) and when.window == (start, end) and when.at is None


@pytest.mark.parametrize(("text", "day"), [
    ("ek hafte baad", d(12, 1)), ("after a week", d(12, 1)), ("on the 28th", d(11, 28)),
    ("24 tareekh", d(11, 24)), ("२८ तारीख", d(11, 28)),
])
def test_a_week_later_and_the_day_of_the_month(text, day):
    when = parse_when(text, NOW)
    assert (when.first_day, when.last_day) == (day, day)


def test_a_range_of_days_is_not_read_as_hours():
    assert parse_when("2 se 3 din me", NOW).window is None


@pytest.mark.parametrize(("text", "day"), [("25-12-2020", d(12, 25, 2020)), ("yesterday", d(11, 23)),
                                           ("last monday", d(11, 23)), ("pichle somvar", d(11, 23))])
def test_a_day_that_has_passed_is_read_as_passed_so_the_bot_can_say_so(text, day):
    when = parse_when(text, NOW)
    assert when.first_day == day and when.end <= NOW


def test_the_label_shows_the_year_only_when_it_is_not_this_year():
    assert parse_when("25-12-2020", NOW).label == "Fri 25 Dec 2020"
    assert parse_when("20 nov", NOW).label == "Sat 20 Nov 2027"
    assert parse_when("next to next monday", NOW).label == "Mon 7 Dec"
