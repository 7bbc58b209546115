"""Signing in at /login as a person would (and as an attacker would): codes, sign-up, sessions,
sign-out, redirects after sign-in, audit entries."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import now_utc
from core.models import AnalyticsEvent, AuditEntry, AuthSession, Role, User
from tests.conftest import csrf_token, otp_sign_in, sent_code
from tests.factories import Factories

COOKIE = "medezy_session"


@pytest.fixture
def people(container):
    with container.session_factory() as session:
        f = Factories(session)
        users = {"partner": f.staff(Role.PARTNER_STAFF, center=f.center()), "agent": f.staff(Role.SUPPORT_AGENT),
                 "admin": f.staff(Role.SUPER_ADMIN), "patient": f.patient()}
        session.commit()
        return users


def _actions(container, since_id: int = 0) -> list[str]:
    with container.session_factory() as session:
        return list(session.scalars(select(AuditEntry.action).where(AuditEntry.id > since_id).order_by(AuditEntry.id)))


def _last_audit_id(container) -> int:
    with container.session_factory() as session:
        return session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0


def _logout(client, path="/logout"):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token})


def test_a_partner_signs_in_with_the_code_from_whatsapp(app, container, people):
    client = app.test_client()
    response = otp_sign_in(client, container, people["partner"].phone, next="/partner/bookings/")
    assert response.status_code == 302 and response.location == "/partner/bookings/"
    assert client.get("/partner/bookings/").status_code == 200


def test_a_new_number_signs_up_as_a_patient_audited_with_user_signed_up(app, container):
    since = _last_audit_id(container)
    response = otp_sign_in(app.test_client(), container, "+919812399901")
    assert response.status_code == 302
    with container.session_factory() as session:
        user = session.scalar(select(User).where(User.phone == "+919812399901"))
        assert user.role is Role.PATIENT and user.profile.phone_verified
        assert session.scalar(select(AnalyticsEvent).where(AnalyticsEvent.user_id == user.id,
                                                           AnalyticsEvent.name == "user_signed_up"))
    assert _actions(container, since) == ["auth.otp_sent", "user.signed_up", "auth.signed_in"]


def test_any_indian_format_reaches_the_same_account(app, container, people):
    national = people["patient"].phone.removeprefix("+91")
    response = otp_sign_in(app.test_client(), container, f"0{national[:5]} {national[5:]}")
    assert response.status_code == 302
    with container.session_factory() as session:
        assert session.scalar(select(AuthSession.user_id).order_by(AuthSession.id.desc()).limit(1)) == people["patient"].id


def test_a_wrong_code_is_refused_and_audited(app, container, people):
    since = _last_audit_id(container)
    client = app.test_client()
    response = otp_sign_in(client, container, people["agent"].phone, code="999999")
    if sent_code(container, people["agent"].phone) == "999999":
        pytest.skip("the random code happened to be 999999")
    assert response.status_code == 401 and "not right" in response.get_data(as_text=True)
    assert _actions(container, since) == ["auth.otp_sent", "auth.sign_in_failed"]
    assert client.get("/support/conversations").status_code == 302


def test_sign_in_sign_out_and_code_sends_are_audited(app, container, people):
    since = _last_audit_id(container)
    client = app.test_client()
    otp_sign_in(client, container, people["agent"].phone)
    _logout(client)
    assert _actions(container, since) == ["auth.otp_sent", "auth.signed_in", "auth.signed_out"]


def test_a_copied_cookie_stops_working_after_sign_out(app, container, people):
    client = app.test_client()
    otp_sign_in(client, container, people["agent"].phone)
    copied = client.get_cookie(COOKIE).value
    _logout(client)
    thief = app.test_client()
    thief.set_cookie(COOKIE, copied)
    response = thief.get("/support/conversations")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_sign_out_everywhere_ends_the_other_browsers_too(app, container, people):
    laptop, phone = app.test_client(), app.test_client()
    otp_sign_in(laptop, container, people["agent"].phone)
    # A second browser signs in with its own code (after the resend cooldown, hence the clock).
    app.config["MEDEZY_CLOCK"] = lambda: now_utc() + timedelta(seconds=31)
    otp_sign_in(phone, container, people["agent"].phone)
    assert phone.get("/support/conversations").status_code == 200
    assert _logout(laptop, "/logout/everywhere").status_code == 302
    assert phone.get("/support/conversations").status_code == 302
    assert laptop.get("/support/conversations").status_code == 302


def test_a_staff_session_idles_out_after_30_minutes(app, container, people):
    client = app.test_client()
    otp_sign_in(client, container, people["agent"].phone)
    app.config["MEDEZY_CLOCK"] = lambda: now_utc() + timedelta(minutes=29)
    assert client.get("/support/conversations").status_code == 200
    app.config["MEDEZY_CLOCK"] = lambda: now_utc() + timedelta(minutes=29 + 31)
    response = client.get("/support/conversations")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert f"{COOKIE}=;" in response.headers.get("Set-Cookie", "")  # the dead cookie is dropped


def test_the_session_id_is_rotated_at_sign_in(app, container, people):
    client = app.test_client()
    otp_sign_in(client, container, people["patient"].phone)
    before = client.get_cookie(COOKIE).value
    app.config["MEDEZY_CLOCK"] = lambda: now_utc() + timedelta(seconds=31)
    otp_sign_in(client, container, people["patient"].phone)
    after = client.get_cookie(COOKIE).value
    assert before != after
    planted = app.test_client()
    planted.set_cookie(COOKIE, before)
    assert planted.get("/me/").status_code == 302  # the session the browser had before is over


def test_production_cookies_are_secure_httponly_samesite_and_host_only(container, people):
    from dataclasses import replace

    from console.app import create_app
    container.settings = replace(container.settings, env="production")
    app = create_app(container)
    client = app.test_client()
    response = otp_sign_in(client, container, people["agent"].phone)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-medezy_session="))
    assert all(flag in cookie for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"))
    assert "Domain" not in cookie


def test_a_super_admin_signs_in_with_a_code(app, container, people):
    assert otp_sign_in(app.test_client(), container, people["admin"].phone).status_code == 302


def test_an_inactive_account_cannot_sign_in(app, container, people):
    with container.session_factory() as session:
        session.get(User, people["agent"].id).is_active = False
        session.commit()
    response = otp_sign_in(app.test_client(), container, people["agent"].phone)
    assert response.status_code == 401 and "cannot sign in" in response.get_data(as_text=True)


def test_asking_again_within_30_seconds_goes_to_the_code_page(app, container, people):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"phone": people["agent"].phone, "csrf_token": token})
    again = client.post("/login", data={"phone": people["agent"].phone, "csrf_token": token})
    assert again.status_code == 302 and again.location == "/login/code"
    resend = client.post("/login/resend", data={"csrf_token": token})
    assert resend.status_code == 429 and resend.headers["Retry-After"]


def test_a_number_that_cannot_get_a_code_is_a_clear_422(app):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"phone": "12345", "csrf_token": token})
    assert response.status_code == 422 and "not a mobile number" in response.get_data(as_text=True)


def test_too_many_codes_from_one_address_is_a_429_with_retry_after(app):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    statuses = [client.post("/login", data={"phone": f"+91961234{n:04d}", "csrf_token": token}).status_code
                for n in range(21)]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429


def test_the_code_page_without_a_pending_sign_in_goes_back_to_the_phone(app):
    assert app.test_client().get("/login/code").location == "/login"


def test_every_page_on_the_layout_offers_sign_out_and_sign_out_everywhere(app, container, people):
    client = app.test_client()
    otp_sign_in(client, container, people["patient"].phone)
    page = client.get("/login").get_data(as_text=True)
    assert 'action="/logout"' in page and 'action="/logout/everywhere"' in page
