"""The admin home: bookings per day/week/month, money collected, top cities and scans over a date range,
drawn by Chart.js (served by the console itself) from aggregate figures inlined as JSON."""
from __future__ import annotations

from flask import current_app

from console.access import can
from console.admin.pages import grain_from_args, period_from_args, shown_end
from core.insight import volume
from core.insight.period import GRAINS, Period

TOP = 8


def figures(session, *, period: Period, grain: str, money: bool) -> dict:
    """What the dashboard shows, as plain JSON-able values (money only for roles allowed to see it)."""
    per = volume.bookings_per(session, period=period, grain=grain)
    cities = volume.top_cities(session, period=period, limit=TOP)
    services = volume.top_services(session, period=period, limit=TOP)
    data = {"grain": grain, "bookings": sum(count for _, count in per),
            "per": {"labels": [bucket for bucket, _ in per], "values": [count for _, count in per]},
            "cities": _ranked(cities, money), "services": _ranked(services, money), "money": None}
    if money:
        revenue = volume.revenue(session, period=period)
        data["money"] = {"gmv_paise": revenue.gmv_paise, "fees_paise": revenue.fees_paise,
                         "refunds_paise": revenue.refunds_paise, "net_paise": revenue.net_paise}
    return data


def _ranked(rows, money: bool) -> dict:
    return {"labels": [r.name for r in rows], "values": [r.bookings for r in rows],
            "gmv_paise": [r.gmv_paise for r in rows] if money else None}


def home_context() -> dict:
    """The admin home's values (PanelHome calls this for every request of /admin/)."""
    period, grain = period_from_args(), grain_from_args()
    data = None
    if can("dashboard.view"):
        data = figures(current_app.extensions["medezy_db"], period=period, grain=grain, money=can("dashboard.money"))
    return {"data": data, "period": period, "last_day": shown_end(period), "grains": GRAINS}
