"""The email's link opened where the patient reads their mail, often another device and signed out:
opening it only asks, the button confirms, once, audited; a bad link is a 400 page that changes nothing."""
from __future__ import annotations

from sqlalchemy import select

from core.clock import now_utc
from core.models import User
from core.models.audit import AuditEntry
from core.models.users import PatientProfile
from core.portal import email_verification
from core.actors import Actor
from tests.conftest import csrf_token


def _link(container, patient, email: str) -> str:
    with container.uow() as uow:
        link = email_verification.start(uow.session, actor=Actor.of(uow.session.get(User, patient.user_id)),
                                        email=email, now=now_utc(), secret=container.settings.secret_key,
                                        base_url="http://medezy.test")
        uow.commit()
    return link[link.index("/email/verify"):]


def _email(container, patient) -> tuple[str | None, bool]:
    with container.session_factory() as session:
        profile = session.get(PatientProfile, patient.user_id)
        return session.get(User, patient.user_id).email, bool(profile and profile.email_verified)


def _confirm(client, opened: str, token: str):
    return client.post("/email/verify", data={"csrf_token": csrf_token(opened), "token": token})


def test_a_signed_out_patient_confirms_from_another_device_once(app, container, asha):
    address = f"asha{asha.user_id}@example.com"  # the database is shared by the module's tests
    path = _link(container, asha, address)
    phone = app.test_client()  # nobody signed in
    opened = phone.get(path)
    assert opened.status_code == 200 and address in opened.get_data(as_text=True)
    assert _email(container, asha) == (None, False)  # opening alone (a mail scanner) changes nothing
    done = _confirm(phone, opened.get_data(as_text=True), path.split("token=", 1)[1])
    assert done.status_code == 200 and "Email confirmed" in done.get_data(as_text=True)
    assert _email(container, asha) == (address, True)
    with container.session_factory() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.email_verified",
                                                           AuditEntry.entity_id == str(asha.user_id))).all()
    assert entry.actor_id == asha.user_id and entry.after["email"] == address
    again = _confirm(phone, opened.get_data(as_text=True), path.split("token=", 1)[1])
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)
    reopened = phone.get(path)
    assert reopened.status_code == 400 and "already been used" in reopened.get_data(as_text=True)


def test_a_tampered_link_or_a_stale_form_is_refused_and_changes_nothing(app, container, asha):
    path = _link(container, asha, f"asha{asha.user_id}@example.com")
    client = app.test_client()
    token = path.split("token=", 1)[1]
    body, mac = token.split(".")
    forged = f"{body}.{'0' * len(mac)}"
    page = client.get(f"/email/verify?token={forged}")
    assert page.status_code == 400 and "not valid" in page.get_data(as_text=True)
    assert client.get("/email/verify").status_code == 400
    opened = client.get(path).get_data(as_text=True)
    assert _confirm(client, opened, forged).status_code == 400
    stale = client.post("/email/verify", data={"csrf_token": "stale", "token": token})
    assert stale.status_code == 400 and "expired" in stale.get_data(as_text=True)
    assert _email(container, asha) == (None, False)
    assert "Confirm this email" not in page.get_data(as_text=True)  # a refused link offers no button
