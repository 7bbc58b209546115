"""The operations pages on the embedded default (SQLite): a page's reads never hold SQLite's single writer
lock across its write, and the import job (a thread) commits its progress while the page polls."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from console.app import create_app
from core.actors import Actor
from core.booking import service as bookings
from core.models import Role, Slot
from core.settings import Settings
from tests.admin_ops.conftest import token_on
from tests.conftest import otp_sign_in
from tests.factories import Factories
from tests.slots.helpers import csv_file, row
from wiring.container import build


@pytest.fixture
def sqlite_admin(sqlite_url, tmp_path):
    built = build(Settings(database_url=sqlite_url, storage_dir=str(tmp_path / "files"), secret_key="sqlite-test"))
    with built.session_factory() as session:
        f = Factories(session)
        admin, center, service = f.staff(Role.SUPER_ADMIN), f.center(), f.service()
        f.offer(center, service)
        session.commit()
    app = create_app(built)
    app.config.update(TESTING=True)
    client = app.test_client()
    assert otp_sign_in(client, built, admin.phone).status_code == 302
    yield client, built, center, service
    built.jobs.drain()
    built.engine.dispose()


def test_a_slot_import_runs_to_the_end_on_sqlite(sqlite_admin):
    client, built, center, service = sqlite_admin
    page = "/admin/slot-imports/"
    uploaded = client.post(page + "upload", content_type="multipart/form-data", data={
        "csrf_token": token_on(client, page), "file": (io.BytesIO(csv_file(row(center, service))), "s.csv")})
    import_id = re.search(r"(\d+)$", uploaded.location).group(1)
    built.jobs.drain()
    assert client.get(f"{page}{import_id}/progress").get_json()["percent"] == 100
    with built.session_factory() as session:
        assert session.scalar(select(func.count(Slot.id)).where(Slot.center_id == center.id)) == 2


def test_the_audit_log_filters_dates_and_verifies_on_sqlite(sqlite_admin):
    client, *_ = sqlite_admin
    assert client.get("/admin/audit-log/?since=2026-01-01&until=2030-01-01&action=user.").status_code == 200
    verified = client.post("/admin/audit-log/verify", data={"csrf_token": token_on(client, "/admin/audit-log/")})
    assert "The chain is intact" in verified.get_data(as_text=True)


def test_utilization_and_the_booking_search_work_on_sqlite(sqlite_admin):
    client, built, center, service = sqlite_admin
    with built.session_factory() as session:
        f = Factories(session)
        slot = f.slot(session.get(type(center), center.id), session.get(type(service), service.id), capacity=2)
        patient = f.patient(name="Meera Iyer")
        booked = bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                               patient=bookings.PatientDetails(name="Meera Iyer"))
        bookings.mark_paid(session, booking_id=booked.id)
        session.commit()
        reference, digits = booked.reference, patient.phone[-10:]
    for grain in ("", "day", "week"):
        html = client.get(f"/admin/utilization/?grain={grain}").get_data(as_text=True)
        assert "50.0%" in html and 'id="heatmap-table"' in html, grain
    for search in (reference.lower(), f"+91 {digits[:5]} {digits[5:]}", "meera"):
        assert reference in client.get("/admin/bookings/", query_string={"search": search}).get_data(as_text=True)
