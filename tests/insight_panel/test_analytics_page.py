"""The analytics page: funnel with drop-off by segment, rates, partner SLA, and CSV exports made in the
background and downloadable only by whoever asked."""
from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from core.models import Role
from core.models.exports import Export
from tests.conftest import csrf_token


def _rows(page: str) -> list[tuple[str, str, str]]:
    page = re.sub(r">\s+<", "><", page)
    return re.findall(r'<tr data-step="(\w+)"><td>[^<]*</td><td>(\d+)</td><td>([^<]*)</td>', page)


def test_the_funnel_counts_patients_per_step_with_drop_off(login, staff, known_march):
    client, _ = login(staff[Role.MARKETING])
    page = client.get(f"/admin/analytics/?{known_march.query}").get_data(as_text=True)
    assert _rows(page) == [("service_viewed", "3", "—"), ("slot_checked", "2", "33.3%"),
                           ("booking_initiated", "1", "50.0%"), ("payment_succeeded", "0", "100.0%"),
                           ("booking_confirmed", "0", "—"), ("booking_completed", "0", "—")]


def test_the_funnel_by_scan_and_channel_names_each_segment(login, staff, known_march):
    client, _ = login(staff[Role.OPS_MANAGER])
    by_scan = client.get(f"/admin/analytics/?{known_march.query}&segment=service").get_data(as_text=True)
    assert f'<h3 class="funnel-name">{known_march.mri}</h3>' in by_scan and _rows(by_scan)[0] == ("service_viewed", "3", "—")
    by_channel = client.get(f"/admin/analytics/?{known_march.query}&segment=channel").get_data(as_text=True)
    assert '<h3 class="funnel-name">whatsapp</h3>' in by_channel
    assert client.get(f"/admin/analytics/?{known_march.query}&segment=pincode").status_code == 400


def test_rates_and_partner_sla_as_counted_by_hand(login, staff, known_march):
    client, _ = login(staff[Role.FINANCE])
    page = client.get(f"/admin/analytics/?{known_march.query}").get_data(as_text=True)
    figure = lambda name: re.search(rf'data-figure="{name}">([^<]*)<', page).group(1)  # noqa: E731
    assert (figure("hold_to_book"), figure("no_show"), figure("nps")) == ("83.3%", "—", "—")  # 5 of 6 holds paid
    sla = re.sub(r">\s+<", "><", page.split('id="partner-sla"')[1])
    assert re.search(r"<td>Lotus Diagnostics \d+</td><td>3</td>", sla) and re.search(r"<td>Lotus Diagnostics \d+</td><td>2</td>", sla)


def test_a_table_is_exported_in_the_background_and_only_its_owner_downloads_it(container, login, staff, known_march):
    client, _ = login(staff[Role.MARKETING])
    page = client.get(f"/admin/analytics/?{known_march.query}&segment=service").get_data(as_text=True)
    token = csrf_token(page.split("<main", 1)[1])
    asked = client.post("/admin/analytics/export", data={"csrf_token": token, "kind": "funnel_by_service",
                                                         "start": f"{known_march.year}-03-01",
                                                         "end": f"{known_march.year}-03-31"})
    assert asked.status_code == 302 and asked.location.endswith("/admin/analytics/exports")
    container.jobs.drain()
    with container.session_factory() as session:
        export = session.scalars(select(Export).where(Export.requested_by == staff[Role.MARKETING].id)).one()
    assert f"/admin/analytics/exports/{export.id}" in client.get("/admin/analytics/exports").get_data(as_text=True)
    link = client.get(f"/admin/analytics/exports/{export.id}")
    rows = list(csv.reader(io.StringIO(client.get(link.location).get_data(as_text=True))))
    assert rows[0] == ["service", "step", "patients", "drop_off"] and rows[1][1:3] == ["service_viewed", "3"]
    other, _ = login(staff[Role.OPS_MANAGER])
    assert other.get(f"/admin/analytics/exports/{export.id}").status_code == 404


def test_a_table_the_role_may_not_see_is_not_exported(container, login, staff):
    client, _ = login(staff[Role.MARKETING])
    token = csrf_token(client.get("/admin/analytics/").get_data(as_text=True).split("<main", 1)[1])
    refused = client.post("/admin/analytics/export", data={"csrf_token": token, "kind": "gst_register",
                                                           "start": "2020-03-01", "end": "2020-03-31"})
    assert refused.status_code == 403
    with container.session_factory() as session:
        assert session.scalars(select(Export).where(Export.requested_by == staff[Role.MARKETING].id)).all() == []


@pytest.mark.parametrize("role", [Role.SUPPORT_AGENT, Role.PARTNER_STAFF])
def test_roles_outside_the_office_cannot_open_analytics(login, staff, role):
    client, _ = login(staff[role])
    assert client.get("/admin/analytics/").status_code == 403
