"""Slot utilization by center for ops: the share of offered capacity booked per center and scan over an
India date range, a weekday × hour heatmap with shaded cells, and the same table as a CSV."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from core.clock import IST, now_utc
from core.insight import utilization
from core.insight.period import Period
from core.models import Role, Slot


def _more_capacity(make, world):
    """Center A gets a second, empty slot of 3 places at the same hour: 1 booked of 4 offered."""
    center = world["centers"][0]
    booked_slot = world["bookings"][0].slot_id

    def build(f):
        first = f.session.get(Slot, booked_slot)
        return f.slot(f.session.get(type(center), center.id), first.service, capacity=3,
                      starts_at=first.starts_at + timedelta(days=7)).id
    return make(build)


def test_ops_sees_utilization_per_center_and_the_heatmap(world, signed_in, paid, make):
    paid(world["bookings"][0])
    _more_capacity(make, world)
    client = signed_in(Role.OPS_MANAGER)
    html = client.get("/admin/utilization/").get_data(as_text=True)
    assert 'id="utilization"' in html  # every center's rows, a page at a time (other tests' centers too)
    assert ": booked share by weekday and hour" in html  # of the busiest center
    tables = {}
    for center in world["centers"][:2]:
        page = client.get(f"/admin/utilization/?center={center.id}").get_data(as_text=True)
        tables[center.name] = page[page.index('id="utilization"'):page.index('id="heatmap"')]
    assert all(name + "</a>" in table for name, table in tables.items())
    assert "25.0%" in tables[world["centers"][0].name]  # center A: 1 of 4
    assert "0.0%" in tables[world["centers"][1].name]  # center B's held booking is not booked yet
    html = client.get(f"/admin/utilization/?center={world['centers'][0].id}").get_data(as_text=True)
    heatmap = html[html.index('id="heatmap"'):]
    assert world["centers"][0].name + ": booked share" in heatmap
    # Both slots fall on the same weekday and hour, a week apart: one cell at 25%, shade 2 of 5.
    assert '<td class="heat-2"' in heatmap and ">25%<" in heatmap and heatmap.count('class="heat-none"') == 6
    assert "Download CSV" in html


def test_the_csv_carries_names_and_percentages(world, signed_in, paid, make):
    paid(world["bookings"][0])
    _more_capacity(make, world)
    today = now_utc().astimezone(IST).date()
    answer = signed_in(Role.OPS_MANAGER).get(
        f"/admin/utilization/export.csv?start={today.isoformat()}&end={(today + timedelta(days=10)).isoformat()}")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = {r["center"]: r for r in csv.DictReader(io.StringIO(answer.get_data(as_text=True)))}
    a, b = rows[world["centers"][0].name], rows[world["centers"][1].name]
    assert (a["capacity"], a["booked"], a["free"], a["utilization_pct"]) == ("4", "1", "3", "25.0")
    assert (b["booked"], b["held"], b["free"], b["utilization_pct"]) == ("0", "1", "0", "0.0")


def test_a_range_the_wrong_way_round_is_explained_and_the_csv_refused(signed_in, world):
    client = signed_in(Role.OPS_MANAGER)
    page = client.get("/admin/utilization/?start=2026-03-10&end=2026-03-01")
    assert page.status_code == 200 and "must end after it starts" in page.get_data(as_text=True)
    assert client.get("/admin/utilization/export.csv?start=2026-03-10&end=2026-03-01").status_code == 400
    assert client.get("/admin/utilization/export.csv?start=not-a-date").status_code == 400
    assert client.get("/admin/utilization/?center=99999999999999999999").status_code == 200


def test_only_ops_and_super_admins_open_it(signed_in, world):
    assert signed_in(Role.SUPER_ADMIN).get("/admin/utilization/").status_code == 200
    for role in (Role.FINANCE, Role.MARKETING):
        assert signed_in(role).get("/admin/utilization/").status_code == 403


def test_core_totals_per_center_and_scan_match_the_daily_buckets(session, factories):
    center, service = factories.center(), factories.service()
    start = now_utc() + timedelta(days=1)
    for day in range(3):
        factories.slot(center, service, starts_at=start + timedelta(days=day), capacity=2)
    factories.slot(center, service, starts_at=start + timedelta(hours=2), capacity=5, is_blocked=True)
    today = now_utc().astimezone(IST).date()
    period = Period(today, today + timedelta(days=7))
    [total] = utilization.by_center_service(session, period=period, center_id=center.id)
    daily = utilization.by_bucket(session, period=period, center_id=center.id)
    assert (total.capacity, total.blocked, total.free) == (11, 5, 6) == (
        sum(d.capacity for d in daily), sum(d.blocked for d in daily), sum(d.free for d in daily))
    assert total.rate == 0.0 and total.bucket == today.isoformat()


def test_per_day_for_one_center_on_the_page_and_in_the_csv(world, signed_in, paid, make):
    paid(world["bookings"][0])
    _more_capacity(make, world)
    center = world["centers"][0]
    client = signed_in(Role.OPS_MANAGER)
    html = client.get(f"/admin/utilization/?grain=day&center={center.id}").get_data(as_text=True)
    assert "Day of</th>" in html and "100.0%" in html and world["centers"][1].name + "</a>" not in html
    answer = client.get(f"/admin/utilization/export.csv?grain=day&center={center.id}")
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert [(r["booked"], r["capacity"], r["utilization_pct"]) for r in rows] == [("1", "1", "100.0"), ("0", "3", "0.0")]
    assert all(date.fromisoformat(r["to"]) - date.fromisoformat(r["from"]) == timedelta(days=1) for r in rows)
    assert client.get("/admin/utilization/export.csv?grain=year").status_code == 400


def test_a_long_table_is_paged_and_every_row_is_on_one_page(signed_in, world, make):
    days = utilization.PAGE_SIZE + 5
    start = now_utc().astimezone(IST).date() + timedelta(days=1)

    def build(f):
        center, service = f.center(), f.service()
        for day in range(days):
            f.slot(center, service, starts_at=now_utc() + timedelta(days=day + 1), capacity=1)
        return center.id
    center_id = make(build)
    client = signed_in(Role.OPS_MANAGER)
    url = f"/admin/utilization/?grain=day&center={center_id}&start={start}&end={start + timedelta(days=days + 1)}"
    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "&page=2").get_data(as_text=True)
    shown = [_days(first), _days(second)]
    assert [len(s) for s in shown] == [utilization.PAGE_SIZE, 5]
    assert sorted(shown[0] + shown[1]) == shown[0] + shown[1] and len(set(shown[0] + shown[1])) == days
    assert "Next 50 →" in first and "← Previous" not in first
    assert "← Previous" in second and "Next" not in second[second.index('id="pager"'):]


def test_a_page_past_the_end_is_empty_and_a_bad_page_number_is_the_first(signed_in, world):
    client = signed_in(Role.OPS_MANAGER)
    center = world["centers"][0].id
    assert 'id="past-the-end"' in client.get(f"/admin/utilization/?center={center}&page=999").get_data(as_text=True)
    for bad in ("x1", "0", "-2", "1.5"):
        html = client.get(f"/admin/utilization/?center={center}&page={bad}").get_data(as_text=True)
        assert world["centers"][0].name + "</a>" in html and 'id="pager"' not in html


def _days(html: str) -> list[str]:
    return re.findall(r'<td data-label="Day of">([0-9-]+)</td>', html)
