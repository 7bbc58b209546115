"""The portal on the embedded default (SQLite, local files): every page, a download and a write work
without tripping over SQLite's single writer lock."""
from __future__ import annotations

import pytest

from console.app import create_app
from core.settings import Settings
from tests.conftest import csrf_token, otp_sign_in
from tests.portal.conftest import World
from wiring.container import build


@pytest.fixture
def sqlite_portal(sqlite_url, tmp_path):
    built = build(Settings(database_url=sqlite_url, storage_dir=str(tmp_path / "files"), secret_key="sqlite-test",
                           quiet_hours=""))
    world = World(built)
    patient = world.patient()
    world.booking(patient, "confirmed", days=2, confirmed=True)
    world.booking(patient, "done", days=-2, completed=True)
    built.jobs.drain()
    app = create_app(built)
    app.config.update(TESTING=True)
    client = app.test_client()
    assert otp_sign_in(client, built, patient.phone).status_code == 302
    yield client, patient
    built.jobs.drain()
    built.engine.dispose()


def test_every_portal_page_and_a_download_work_on_sqlite(sqlite_portal):
    client, patient = sqlite_portal
    pages = ["/me/", f"/me/bookings/{patient.refs['confirmed']}", f"/me/bookings/{patient.refs['confirmed']}/cancel",
             f"/me/bookings/{patient.refs['confirmed']}/reschedule", "/me/documents", "/me/payments", "/me/support",
             "/me/messages", "/me/profile", "/me/privacy", "/me/book", f"/me/invoices/{patient.ids['invoice']}.pdf"]
    assert {path: client.get(path).status_code for path in pages} == {path: 200 for path in pages}
    assert client.get(f"/me/documents/{patient.ids['document']}/download").status_code == 302


def test_a_write_works_on_sqlite(sqlite_portal):
    client, _ = sqlite_portal
    token = csrf_token(client.get("/me/profile").get_data(as_text=True))
    response = client.post("/me/profile", data={"csrf_token": token, "date_of_birth": "1990-01-01", "language": "hi"})
    assert "Saved." in client.get(response.location).get_data(as_text=True)
