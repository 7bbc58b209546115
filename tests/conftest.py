"""Shared fixtures: a fresh PostgreSQL database per run (migrated to head), Redis, SQLite, factories."""
from __future__ import annotations

import os
import re

import pytest
from sqlalchemy.orm import Session

from console import bootstrap
from console.app import create_app
from core.db import make_engine, make_session_factory
from core.jobs import ThreadJobQueue
from core.migrate import upgrade
from core.settings import Settings
from tests import services
from tests.factories import Factories

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
PASSWORD = "correct horse battery"  # every staff user the console tests sign in with


@pytest.fixture(scope="session")
def pg_url():
    """A brand-new database for this test run, migrated to head, dropped afterwards."""
    with services.fresh_database() as url:
        yield url


@pytest.fixture(scope="session")
def pg_engine(pg_url):
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def redis_url():
    services.ensure_redis()
    # TEST_REDIS_DB lets two checkouts run the suite side by side without flushing each other's queues.
    return f"redis://{services.REDIS_HOST}:{services.REDIS_PORT}/{os.environ.get('TEST_REDIS_DB', '13')}"


@pytest.fixture
def session(pg_engine):
    """A session whose every commit is a savepoint inside one transaction rolled back at the end."""
    with pg_engine.connect() as connection:
        transaction = connection.begin()
        db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        yield db
        db.close()
        transaction.rollback()


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'medezy.db'}"
    upgrade(url)
    return url


@pytest.fixture
def sqlite_session(sqlite_url):
    engine = make_engine(sqlite_url)
    db = make_session_factory(engine)()
    yield db
    db.close()
    engine.dispose()


@pytest.fixture(params=["postgres", "sqlite"])
def any_session(request):
    """Runs a test on both backends, keeping the embedded default honest."""
    yield request.getfixturevalue("session" if request.param == "postgres" else "sqlite_session")


@pytest.fixture
def factories(session) -> Factories:
    return Factories(session)


@pytest.fixture
def any_factories(any_session) -> Factories:
    return Factories(any_session)


@pytest.fixture
def app(container):
    """The console app on the `container` (real commits)."""
    app = create_app(container)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def container(pg_url, tmp_path):
    """A process container on the test database whose changes really commit (jobs, concurrency)."""
    settings = Settings(database_url=pg_url, storage_dir=str(tmp_path / "files"), secret_key="test-secret",
                        quiet_hours="")  # quiet hours have their own tests; the suite runs at any hour
    built = bootstrap.build(settings)
    bootstrap.use(built)
    yield built
    if isinstance(built.jobs, ThreadJobQueue):
        built.jobs.drain()
    bootstrap.use(None)
    built.engine.dispose()


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def login(app):
    """`client, response = login(user)`: a test client signed in through /login as `user`."""
    def sign_in(user, password=PASSWORD):
        client = app.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data={"email": user.email, "password": password, "csrf_token": token})
        return client, response
    return sign_in
