"""The center's schedule: one day's bookings in scan order (today, an upcoming or a past day) with counts by
status and scan, tokenized contacts, and the badge of paid bookings still awaiting the center."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, request
from flask_admin import expose

from console.access import can
from console.partner.pages import PartnerPage
from core.booking import schedule
from core.clock import IST, now_utc

MAX_DAYS_AWAY = 400


def chosen_day(today: date) -> date:
    """The ?day= of the request (YYYY-MM-DD), today by default; a clear 400 for anything else."""
    raw = request.args.get("day", "")
    if not raw:
        return today
    try:
        picked = date.fromisoformat(raw[:10])
    except ValueError:
        abort(400, "Pick a date as YYYY-MM-DD.")
    if abs((picked - today).days) > MAX_DAYS_AWAY:
        abort(400, "Pick a date within a year of today.")
    return picked


def tab_of(day: date, today: date) -> str:
    return "today" if day == today else "upcoming" if day > today else "past"


class SchedulePage(PartnerPage):
    permission = "booking.view"

    @expose("/")
    def index(self):
        today = now_utc().astimezone(IST).date()
        day = chosen_day(today)
        actor, center_id = self.actor(), self.center_id()
        with self.uow() as uow:
            found = schedule.day(uow.session, actor=actor, center_id=center_id, on=day,
                                 show_contact=can("booking.view_contact"))
            ahead = schedule.upcoming_days(uow.session, actor=actor, center_id=center_id, today=today)
            awaiting = schedule.awaiting_confirmation(uow.session, actor=actor, center_id=center_id)
            return self.render("partner/schedule.html", day=found, today=today, tab=tab_of(day, today),
                               ahead=ahead, awaiting=awaiting, yesterday=today - timedelta(days=1),
                               tomorrow=today + timedelta(days=1), prev_day=day - timedelta(days=1),
                               next_day=day + timedelta(days=1))
