"""The admin home is a dashboard: figures from aggregate queries over the chosen period, money only for
roles allowed to see it, Chart.js served by the console itself."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.models import Role
from tests.insight_panel.conftest import inlined


def test_finance_sees_bookings_money_and_rankings_as_counted_by_hand(login, staff, known_march):
    client, _ = login(staff[Role.FINANCE])
    page = client.get(f"/admin/?{known_march.query}&grain=day").get_data(as_text=True)
    data = inlined(page, "dashboard-data")
    assert data["per"] == {"labels": [f"{known_march.year}-03-01", f"{known_march.year}-03-04",
                                      f"{known_march.year}-03-31"], "values": [1, 3, 1]}
    assert data["bookings"] == 5
    assert data["money"]["gmv_paise"] == 1_900_000 and data["money"]["refunds_paise"] == 0
    assert data["cities"]["labels"] == [known_march.pune, known_march.delhi]
    assert data["cities"]["values"] == [3, 2] and data["cities"]["gmv_paise"] == [1_500_000, 400_000]
    assert data["services"]["labels"] == [known_march.mri, known_march.ct]
    assert "₹19,000" in page and "₹15,000" in page


def test_weeks_start_on_monday_and_months_sum_the_period(login, staff, known_march):
    client, _ = login(staff[Role.OPS_MANAGER])
    weeks = inlined(client.get(f"/admin/?{known_march.query}&grain=week").get_data(as_text=True), "dashboard-data")
    mondays = [(d - timedelta(days=d.weekday())).isoformat() for d in
               (date(known_march.year, 3, day) for day in (1, 4, 4, 4, 31))]
    assert weeks["per"] == {"labels": sorted(set(mondays)), "values": [mondays.count(m) for m in sorted(set(mondays))]}
    months = inlined(client.get(f"/admin/?{known_march.query}&grain=month").get_data(as_text=True), "dashboard-data")
    assert months["per"] == {"labels": [f"{known_march.year}-03-01"], "values": [5]}


def test_marketing_sees_counts_but_no_money(login, staff, known_march):
    client, _ = login(staff[Role.MARKETING])
    page = client.get(f"/admin/?{known_march.query}").get_data(as_text=True)
    data = inlined(page, "dashboard-data")
    assert data["bookings"] == 5 and data["money"] is None and data["cities"]["gmv_paise"] is None
    assert "₹" not in page


def test_the_chart_library_is_served_by_the_console_with_the_page_nonce(app, login, staff, known_march):
    client, _ = login(staff[Role.FINANCE])
    response = client.get(f"/admin/?{known_march.query}")
    page = response.get_data(as_text=True)
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'src="/static/vendor/chartjs/chart.umd.js" nonce="{nonce}"' in page
    assert "cdn" not in page.lower()
    library = client.get("/static/vendor/chartjs/chart.umd.js")
    assert library.status_code == 200 and b"Chart.js v4.4.7" in library.data[:200]


@pytest.mark.parametrize("query", ["start=2020-13-01", "start=2020-03-10&end=2020-03-01", "grain=year",
                                   "start=2010-01-01&end=2020-01-01"])
def test_a_bad_period_is_a_clear_400(login, staff, query):
    client, _ = login(staff[Role.FINANCE])
    response = client.get(f"/admin/?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.SUPPORT_AGENT, Role.PARTNER_STAFF])
def test_roles_outside_the_office_are_refused(login, staff, role):
    client, _ = login(staff[role])
    assert client.get("/admin/").status_code == 403
