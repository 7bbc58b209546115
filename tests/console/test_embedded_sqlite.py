"""The console on the embedded default (SQLite): pages that read the signed-in user and then open a
unit of work must not deadlock on SQLite's single writer lock."""
import pytest

from console.app import create_app
from core.models import Role
from core.settings import Settings
from tests.conftest import otp_sign_in
from tests.factories import Factories
from wiring.container import build


@pytest.fixture
def sqlite_console(sqlite_url, tmp_path):
    built = build(Settings(database_url=sqlite_url, storage_dir=str(tmp_path / "files"),
                           secret_key="sqlite-test"))
    with built.session_factory() as session:
        agent = Factories(session).staff(Role.SUPPORT_AGENT)
        session.commit()
    app = create_app(built)
    app.config.update(TESTING=True)
    client = app.test_client()
    assert otp_sign_in(client, built, agent.phone).status_code == 302
    yield client
    built.jobs.drain()
    built.engine.dispose()


@pytest.mark.parametrize("path", ["/support/", "/support/bookings/", "/support/conversations"])
def test_signed_in_pages_work_on_sqlite(sqlite_console, path):
    assert sqlite_console.get(path).status_code == 200
