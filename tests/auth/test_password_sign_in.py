"""Email + password for staff, only where configured: never for super admins, locked after five
wrong passwords, and the same work whether or not the account exists."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from console.app import create_app
from core.auth import sign_in
from core.auth.rate_limits import RateLimits
from core.models import AuditEntry, Role
from core.passwords import hash_password
from tests.conftest import PASSWORD, csrf_token
from tests.factories import Factories


@pytest.fixture
def password_app(container):
    container.settings = replace(container.settings, staff_password_sign_in=True)
    app = create_app(container)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def staff(container):
    with container.session_factory() as session:
        f = Factories(session)
        users = {role: f.staff(role, password_hash=hash_password(PASSWORD)) for role in (Role.OPS_MANAGER, Role.SUPER_ADMIN)}
        session.commit()
        return users


def _post(app, email, password, client=None):
    client = client or app.test_client()
    token = csrf_token(client.get("/login/password").get_data(as_text=True))
    return client.post("/login/password", data={"email": email, "password": password, "csrf_token": token})


def test_password_sign_in_is_off_unless_configured(app):
    assert app.test_client().get("/login/password").status_code == 404
    assert "email and password" not in app.test_client().get("/login").get_data(as_text=True)


def test_staff_sign_in_with_email_and_password_where_configured(password_app, staff):
    response = _post(password_app, staff[Role.OPS_MANAGER].email, PASSWORD)
    assert response.status_code == 302


def test_a_super_admin_always_needs_the_code(password_app, staff, container):
    response = _post(password_app, staff[Role.SUPER_ADMIN].email, PASSWORD)
    assert response.status_code == 401 and "one-time code" in response.get_data(as_text=True)
    with container.session_factory() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.reason) == ("auth.sign_in_failed", "code_required")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(password_app, staff):
    email = staff[Role.OPS_MANAGER].email
    assert [_post(password_app, email, f"guess {n}").status_code for n in range(5)] == [401] * 5
    locked = _post(password_app, email, PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_wrong_password_and_unknown_email_get_the_same_answer(password_app, staff):
    known = _post(password_app, staff[Role.OPS_MANAGER].email, "guess")
    unknown = _post(password_app, "nobody@medezy.test", "guess")
    assert (known.status_code, unknown.status_code) == (401, 401)
    assert "Wrong email or password." in known.get_data(as_text=True)
    assert "Wrong email or password." in unknown.get_data(as_text=True)


def test_an_unknown_email_costs_the_same_password_hash_as_a_known_one(session, factories, monkeypatch):
    """Timing is not measured (too noisy); the code path is: one scrypt check on each path."""
    checked = []
    real = sign_in.check_password
    monkeypatch.setattr(sign_in, "check_password", lambda stored, pw: checked.append(stored) or real(stored, pw))
    user = factories.staff(Role.OPS_MANAGER, password_hash=hash_password(PASSWORD))
    patient = factories.patient(email="no-password@example.in")  # an account with no password at all
    client = sign_in.Client(ip="client")
    for email in (user.email, patient.email, "nobody@medezy.test"):
        outcome = sign_in.with_password(session, RateLimits(), email=email, password="guess", client=client,
                                        now=user.created_at)
        assert outcome.problem == sign_in.WRONG_PASSWORD
    assert len(checked) == 3 and all(stored.startswith("scrypt$") for stored in checked)


def test_a_code_is_sent_whether_or_not_the_number_has_an_account(session, factories, codes, clock, monkeypatch):
    """Everyone may sign up by phone, so a known and an unknown number take the same path: one send."""
    sends = []
    real = codes.send
    monkeypatch.setattr(codes, "send", lambda s, *, phone: sends.append(phone) or real(s, phone=phone))
    known = factories.patient().phone
    for phone in (known, "+919876500001"):
        sign_in.request_code(session, codes, RateLimits(), phone=phone, client=sign_in.Client(ip="client"), now=clock())
    assert sends == [known, "+919876500001"]
