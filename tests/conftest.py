"""Shared fixtures: a fresh PostgreSQL database per run (migrated to head), Redis, SQLite, factories."""
from __future__ import annotations

import os
import re
from urllib.parse import quote

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import bot.actions
from console.app import create_app
from core.db import make_engine, make_session_factory
from core.jobs import ThreadJobQueue
from core.auth.phones import normalise
from core.migrate import upgrade
from core.models.conversations import Author, Conversation, Direction, Message
from core.settings import Settings
from tests import services
from tests.factories import Factories
from tests.moto_server import moto_endpoint  # noqa: F401 - one moto server (S3, SES) for every test
from wiring.container import build

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
PASSWORD = "correct horse battery"  # staff passwords, where a test turns password sign-in on


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
    """A process container on the test database whose changes really commit (jobs, concurrency).

    The bot's actions run on it too (bot.actions.start), as in the action server."""
    settings = Settings(database_url=pg_url, storage_dir=str(tmp_path / "files"), secret_key="test-secret",
                        quiet_hours="")  # quiet hours have their own tests; the suite runs at any hour
    built = build(settings)
    bot.actions.start(built)
    yield built
    if isinstance(built.jobs, ThreadJobQueue):
        built.jobs.drain()
    bot.actions.start(None)
    built.engine.dispose()


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def sent_code(container, phone: str) -> str:
    """The latest sign-in code sent to `phone`, read from the sandbox outbox (the conversation log)."""
    phone = normalise(phone)
    with container.session_factory() as session:
        body = session.scalar(select(Message.body).join(Conversation).where(
            Conversation.phone == phone, Message.direction == Direction.OUT, Message.author == Author.SYSTEM,
            Message.body.contains("sign-in code")).order_by(Message.id.desc()).limit(1))
    assert body, f"no sign-in code was sent to {phone}"
    return re.search(r"\b(\d{6})\b", body).group(1)


def otp_sign_in(client, container, phone: str, *, next: str | None = None, code: str | None = None):
    """Sign `client` in through the real flow: phone, then the code from the sandbox outbox."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    sent = client.post("/login" + (f"?next={quote(next, safe='')}" if next else ""),
                       data={"phone": phone, "csrf_token": token})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    token = csrf_token(client.get("/login/code").get_data(as_text=True))
    return client.post("/login/code", data={"code": code or sent_code(container, phone), "csrf_token": token})


@pytest.fixture
def login(app, container):
    """`client, response = login(user)`: a test client signed in through /login as `user` (a code sent
    to the user's phone over the sandbox WhatsApp, read back from the outbox)."""
    def sign_in(user, *, next: str | None = None, code: str | None = None):
        client = app.test_client()
        return client, otp_sign_in(client, container, user.phone, next=next, code=code)
    return sign_in
