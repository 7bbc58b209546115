"""The demo logins in the README work: seeded staff sign in on the embedded default with a code that
the sandbox outbox shows."""
from __future__ import annotations

import pytest

from wiring.container import build
from console.app import create_app
from core.seed import seed
from core.seed_data import demo_phone
from core.settings import Settings
from tests.conftest import otp_sign_in


@pytest.fixture
def demo(sqlite_url, tmp_path):
    built = build(Settings(database_url=sqlite_url, storage_dir=str(tmp_path / "files")))
    with built.session_factory() as session:
        seed(session, days=1)
        session.commit()
    app = create_app(built)
    app.config.update(TESTING=True)
    yield app, built
    built.jobs.drain()
    built.engine.dispose()


def test_the_demo_logins_sign_in_with_the_code_from_the_sandbox(demo):
    app, built = demo
    # One seeding for all three (it is the slow part): the super admin, a partner, a seeded patient.
    for phone, page in [(demo_phone(0), "/admin/users/"), (demo_phone(11), "/partner/bookings/"),
                        ("+919800000001", "/me/")]:
        client = app.test_client()
        assert otp_sign_in(client, built, phone, next=page).status_code == 302, phone
        assert client.get(page).status_code == 200, phone
