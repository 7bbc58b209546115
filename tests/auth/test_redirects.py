"""After sign-in only local paths are followed; everything else lands on the role's home, never a 500."""
from __future__ import annotations

import pytest

from console.auth.redirects import safe_next
from core.models import Role
from tests.conftest import otp_sign_in
from tests.factories import Factories

HOSTILE = [
    "/%09/evil.example",  # the reported one: a tab the browser strips, leaving //evil.example
    "/\t/evil.example", "//evil.example", "///evil.example", "/\\evil.example", "/%5Cevil.example",
    "/%2F/evil.example", "/%252F%252Fevil.example", "https://evil.example/", "http:/evil.example",
    "javascript:alert(1)", "evil.example", "/%0d%0aSet-Cookie:%20x=1", "/\r\nSet-Cookie: x=1",
    "/bookings/\n", "/%E2%80%AE/evil", "/\u2028evil", " /bookings/", "/" + "a" * 600, "",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/bookings/", "/bookings/?page=2&sort=1", "/support/conversations/7",
                                    "/me/bookings#upcoming", "/slots/?flt1_0=2026-12-01"])
def test_local_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.fixture
def agent(container):
    with container.session_factory() as session:
        user = Factories(session).staff(Role.SUPPORT_AGENT)
        session.commit()
        return user


@pytest.mark.parametrize("target", ["/%09/evil.example", "/bookings/\r\nX-Injected: 1", "//evil.example",
                                    "/%5C%5Cevil.example"])
def test_a_bad_next_after_a_real_sign_in_lands_home_not_elsewhere(app, container, agent, target):
    response = otp_sign_in(app.test_client(), container, agent.phone, next=target)
    assert response.status_code == 302
    assert response.location == "/support/conversations" and "evil" not in response.headers.get("Location", "")
    assert "X-Injected" not in response.headers


def test_a_good_next_survives_both_steps_of_sign_in(app, container, agent):
    response = otp_sign_in(app.test_client(), container, agent.phone, next="/support/conversations?q=MZ1")
    assert response.location == "/support/conversations?q=MZ1"


def test_the_sign_in_page_never_500s_on_a_bad_next(app):
    for target in ["/%09/evil.example", "/\r\n", "%00", "/" * 5000]:
        assert app.test_client().get("/login", query_string={"next": target}).status_code == 200
