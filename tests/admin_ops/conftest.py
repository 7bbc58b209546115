"""Admin operations fixtures: staff signed in to the console, CSRF-carrying posts, audit lookups."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.models import AuditEntry, Role
from tests.admin_ops.held_jobs import held_jobs  # noqa: F401 - jobs wait until a test releases them
from tests.console.conftest import paid, world  # noqa: F401 - centers, bookings, staff; paying a booking
from tests.factories import Factories

_TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


def token_on(client, page: str) -> str:
    """The CSRF token of the forms on `page` (Flask-WTF's token is one per session)."""
    html = client.get(page).get_data(as_text=True)
    found = _TOKEN.search(html)
    assert found, f"no form with a CSRF token on {page}"
    return found.group(1)


def post(client, page: str, url: str, data: dict | None = None, *, field: str = "csrf_token", **kw):
    """POST `data` to `url` with the CSRF token read from `page` (as a browser would have it)."""
    return client.post(url, data={field: token_on(client, page), **(data or {})}, **kw)


def audit_actions(container, entity_type: str, entity_id) -> list[tuple[str, int | None]]:
    with container.session_factory() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.actor_id).where(
            AuditEntry.entity_type == entity_type, AuditEntry.entity_id == str(entity_id)).order_by(AuditEntry.id))
        return [tuple(r) for r in rows]


@pytest.fixture
def signed_in(login, world):
    """`signed_in(role)`: a test client signed in as world's staff member of that role."""
    def client_for(role: Role):
        return login(world["staff"][role])[0]
    return client_for


@pytest.fixture
def make(container):
    """`make(lambda f: ...)`: build rows with the factories in a committed session; returns the result."""
    def build(recipe):
        with container.session_factory() as session:
            result = recipe(Factories(session))
            session.commit()
            return result
    return build
