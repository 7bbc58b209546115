"""From "kal shaam" to real free slots: the asked-for window first, then the nearest days after it."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.actions.wording import clock, day, option_line
from core.catalogue import record_views
from core.booking.search import SearchQuery, SlotOption, find_slots
from core.clock import IST

WIDEN_EXACT_TIME = timedelta(hours=1)  # "4pm" also shows 3 pm - 6 pm: centres run to the minute, patients don't
NEARBY_DAYS = 7
LATER_DAYS = 30  # when the week is full: the next free slots within a month
OPTIONS = 5
PER_CENTER = 2  # variety first; a city with one or two centres still gets five times to choose from


def span_from_slots(tracker) -> tuple[datetime, datetime] | None:
    """The (start, end) window validate_booking_form stored, or None."""
    start, end = tracker.get_slot("when_start"), tracker.get_slot("when_end")
    if not start or not end:
        return None
    return datetime.fromisoformat(start), datetime.fromisoformat(end)


def query_for(service_id: int, city_id: int, start: datetime, end: datetime, *, area: str | None = None,
              limit: int = OPTIONS * OPTIONS, per_center: int = OPTIONS) -> SearchQuery:
    """A search for the days of [start, end), limited to its hours when it is part of one day."""
    start, end = start.astimezone(IST), end.astimezone(IST)
    first, last = start.date(), (end - timedelta(microseconds=1)).date()
    window = None
    if first == last and (start.time(), end.time()) != (time(0), time(0)):
        if end - start < 3 * WIDEN_EXACT_TIME:
            start, end = start - WIDEN_EXACT_TIME, end + WIDEN_EXACT_TIME
        window = (start.time() if start.date() == first else time(0),
                  end.time() if end.date() == first else time(23, 59, 59))
    return SearchQuery(service_id=service_id, city_id=city_id, date_from=first, date_to=last,
                       day_window=window, area=area, limit=limit, per_center=per_center)


def search(session: Session, query: SearchQuery, *, user_id: int, now: datetime) -> tuple[list[SlotOption], bool]:
    """Options in the asked-for window, else the nearest free ones in the week from its first day.

    Returns (options, widened): widened says the options are not in the window the patient asked for.
    """
    record_views(session, service_ids=[query.service_id], user_id=user_id, city_id=query.city_id)
    options = find_slots(session, query, user_id=user_id, now=now)
    if options:
        return options, False
    wider = replace(query, day_window=None, date_to=query.date_from + timedelta(days=NEARBY_DAYS - 1))
    return find_slots(session, wider, user_id=user_id, now=now), True


def later(session: Session, query: SearchQuery, *, user_id: int, now: datetime) -> list[SlotOption]:
    """The next free slots within LATER_DAYS of the asked-for day, any time of day."""
    wider = replace(query, day_window=None, area=None, date_to=query.date_from + timedelta(days=LATER_DAYS))
    return find_slots(session, wider, user_id=user_id, now=now)


def elsewhere(session: Session, query: SearchQuery, cities, *, user_id: int, now: datetime) -> list[tuple]:
    """(city, first free option) in each other city we serve, soonest first, for the same scan and month."""
    found = []
    for city in cities:
        if city.id == query.city_id:
            continue
        other = replace(query, city_id=city.id, day_window=None, area=None, limit=1, per_center=1,
                        date_to=query.date_from + timedelta(days=LATER_DAYS))
        first = find_slots(session, other, user_id=user_id, now=now)
        if first:
            found.append((city, first[0]))
    return sorted(found, key=lambda pair: pair[1].starts_at)


def pick(options: list[SlotOption], count: int = OPTIONS) -> list[SlotOption]:
    """The earliest `count` options, at most PER_CENTER per centre unless that leaves the menu short."""
    varied, rest, seen = [], [], Counter()
    for option in options:
        (varied if seen[option.center_id] < PER_CENTER else rest).append(option)
        seen[option.center_id] += 1
    chosen = varied[:count]
    chosen += rest[:count - len(chosen)]
    return sorted(chosen, key=lambda o: (o.starts_at, o.slot_id))


def span_label(start: datetime, end: datetime, language: str | None = None) -> str:
    """'Wed 25 Nov, 4 pm – 8 pm', 'Wed 25 Nov' or 'Sat 28 Nov – Sun 29 Nov'."""
    start, end = start.astimezone(IST), end.astimezone(IST)
    last = (end - timedelta(microseconds=1)).date()
    first_day = day(start.date(), language)
    if start.date() != last:
        return f"{first_day} – {day(last, language)}"
    if (start.time(), end.time()) == (time(0), time(0)):
        return first_day
    return f"{first_day}, {clock(start, language)} – {clock(end, language)}"


def options_text(options: list[SlotOption], language: str | None = None) -> str:
    return "\n".join(f"{i}. {option_line(o.starts_at, o.center_name, o.area, o.price_paise, language)}"
                     for i, o in enumerate(options, start=1))
