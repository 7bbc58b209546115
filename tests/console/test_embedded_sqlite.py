"""The console on the embedded default (SQLite): pages that read the signed-in user and then open a
unit of work must not deadlock on SQLite's single writer lock."""
import pytest

from console import bootstrap
from console.app import create_app
from core.models import Role
from core.passwords import hash_password
from core.settings import Settings
from tests.conftest import PASSWORD, csrf_token
from tests.factories import Factories


@pytest.fixture
def sqlite_console(sqlite_url, tmp_path):
    built = bootstrap.build(Settings(database_url=sqlite_url, storage_dir=str(tmp_path / "files"),
                                     secret_key="sqlite-test"))
    bootstrap.use(built)
    with built.session_factory() as session:
        agent = Factories(session).staff(Role.SUPPORT_AGENT, password_hash=hash_password(PASSWORD))
        session.commit()
    app = create_app(built)
    app.config.update(TESTING=True)
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": agent.email, "password": PASSWORD, "csrf_token": token})
    yield client
    built.jobs.drain()
    bootstrap.use(None)
    built.engine.dispose()


@pytest.mark.parametrize("path", ["/support/", "/support/bookings/", "/support/conversations"])
def test_signed_in_pages_work_on_sqlite(sqlite_console, path):
    assert sqlite_console.get(path).status_code == 200
