"""Shared fixtures: a fresh PostgreSQL database per run (migrated to head), Redis, SQLite, factories."""
from __future__ import annotations

import os
import uuid

import psycopg
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
ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def pg_url():
    """A brand-new database for this test run, migrated to head, dropped afterwards."""
    services.ensure_postgres()
    name = f"medezy_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    upgrade(url)
    yield url
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_engine(pg_url):
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def redis_url():
    services.ensure_redis()
    return f"redis://{services.REDIS_HOST}:{services.REDIS_PORT}/13"


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
    settings = Settings(database_url=pg_url, storage_dir=str(tmp_path / "files"), secret_key="test-secret")
    built = bootstrap.build(settings)
    bootstrap.use(built)
    yield built
    if isinstance(built.jobs, ThreadJobQueue):
        built.jobs.drain()
    bootstrap.use(None)
    built.engine.dispose()
