"""Security headers, masked patient contacts, audited staff reads, styled error pages, panel boundaries."""
import re

from flask import Flask
from sqlalchemy import select

from console import security
from core.models import AuditEntry, Role

R = Role


def _nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


def test_every_response_carries_the_security_headers(app):
    response = app.test_client().get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # the embedded default serves plain http


def test_production_adds_hsts():
    app = Flask(__name__)
    security.install(app, production=True)
    app.add_url_rule("/", "home", lambda: "ok")
    assert app.test_client().get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_each_response_gets_its_own_nonce(app):
    client = app.test_client()
    assert _nonce(client.get("/login")) != _nonce(client.get("/login"))


def test_every_script_and_style_on_our_pages_carries_the_nonce(world, login, chat):
    client, _ = login(world["staff"][R.OPS_MANAGER])
    one = chat()
    for path in ["/admin/bookings/", f"/admin/bookings/details/?id={world['bookings'][0].id}",
                 f"/support/conversations/{one.conversation_id}"]:
        response = client.get(path)
        html, nonce = response.get_data(as_text=True), _nonce(response)
        tags = re.findall(r"<(?:script|style)\b[^>]*>", html)
        assert tags and all(f'nonce="{nonce}"' in tag for tag in tags), path


def test_finance_sees_patient_phones_masked_and_ops_in_full(world, login):
    phone = world["phones"][0]
    booking_id = world["bookings"][0].id
    finance, _ = login(world["staff"][R.FINANCE])
    ops, _ = login(world["staff"][R.OPS_MANAGER])
    for path in ["/admin/bookings/", f"/admin/bookings/details/?id={booking_id}"]:
        masked = finance.get(path).get_data(as_text=True)
        assert phone not in masked and phone[-4:] in masked
        assert phone in ops.get(path).get_data(as_text=True)


def test_a_staff_read_of_patient_details_is_audited(container, world, login):
    booking = world["bookings"][0]
    client, _ = login(world["staff"][R.FINANCE])
    assert client.get(f"/admin/bookings/details/?id={booking.id}").status_code == 200
    with container.session_factory() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "booking.read",
                                                        AuditEntry.entity_id == str(booking.id)))
    assert entry.actor_id == world["staff"][R.FINANCE].id and entry.after == {"what": "patient details"}


def test_errors_are_styled_pages_inside_the_layout(world, login):
    client, _ = login(world["staff"][R.OPS_MANAGER])
    response = client.get("/admin/bookings/details/?id=987654321")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and "Not found" in page and 'lang="' in page and "Sign out" in page
    forbidden = client.get("/admin/users/")
    assert forbidden.status_code == 403 and "Not allowed" in forbidden.get_data(as_text=True)


def test_a_malformed_id_is_a_404_not_a_500(world, login):
    client, _ = login(world["staff"][R.OPS_MANAGER])
    assert client.get("/admin/bookings/details/?id=abc").status_code == 404


def test_a_patient_never_reaches_a_staff_panel_and_staff_never_act_as_a_patient(world, login, patient_user):
    patient, _ = login(patient_user)
    assert [patient.get(p).status_code for p in ("/admin/", "/partner/", "/support/")] == [403] * 3
    assert patient.get("/me/").status_code == 200
    admin, _ = login(world["staff"][R.SUPER_ADMIN])
    assert admin.get("/me/").status_code == 403


def test_a_patient_reading_another_patients_booking_gets_404(world, login, patient_user):
    patient, _ = login(patient_user)
    other = world["bookings"][1]
    assert patient.get(f"/me/bookings/{other.reference}").status_code == 404
    assert patient.get(f"/me/bookings/{world['bookings'][0].reference}").status_code == 200


def test_after_sign_in_each_role_lands_on_its_panel(world, login, patient_user):
    assert login(world["staff"][R.PARTNER_STAFF])[1].location == "/partner/"
    assert login(world["staff"][R.SUPPORT_AGENT])[1].location == "/support/conversations"
    assert login(world["staff"][R.FINANCE])[1].location == "/admin/"
    assert login(patient_user)[1].location == "/me/"


def test_an_unexpected_error_is_a_styled_500_that_leaks_nothing(app):
    def broken():
        raise RuntimeError("secret internals")
    app.add_url_rule("/broken-for-test", "broken_for_test", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/broken-for-test")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong" in page and "secret internals" not in page
    assert 'lang="' in page
