"""The profile page: date of birth and language, phone verified by a WhatsApp code, email by a link,
emergency contacts and family members; bad input is refused with a message and changes nothing."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from core.models import User
from core.models.auth import OtpChallenge
from core.models.family import FamilyMember
from core.models.notifications import Notification, NotificationPreference
from core.models.users import PatientProfile
from tests.conftest import csrf_token, sent_code


def _post(client, path: str, **fields):
    token = csrf_token(client.get("/me/profile").get_data(as_text=True))
    response = client.post(path, data={"csrf_token": token, **fields})
    assert response.status_code == 302, response.status_code
    return client.get(response.location).get_data(as_text=True)


def test_date_of_birth_and_language_are_saved(container, signed_in, asha):
    page = _post(signed_in(asha), "/me/profile", date_of_birth="1988-02-29", language="hi")
    assert "Saved." in page
    with container.session_factory() as session:
        assert str(session.get(PatientProfile, asha.user_id).date_of_birth) == "1988-02-29"
        assert session.get(NotificationPreference, asha.user_id).language == "hi"


def test_an_impossible_date_or_language_is_refused_and_nothing_changes(container, signed_in, asha):
    client = signed_in(asha)
    assert "cannot be in the future" in _post(client, "/me/profile", date_of_birth="2999-01-01", language="en")
    assert "year-month-day" in _post(client, "/me/profile", date_of_birth="31/12/1990", language="en")
    assert "Language must be one of" in _post(client, "/me/profile", date_of_birth="", language="fr")
    with container.session_factory() as session:
        assert session.get(PatientProfile, asha.user_id).date_of_birth is None
        assert session.get(NotificationPreference, asha.user_id) is None


def test_a_phone_is_verified_with_the_code_sent_on_whatsapp(container, signed_in, asha):
    client = signed_in(asha)
    with container.session_factory() as session:  # signing in proved the number too; start unverified
        session.get(PatientProfile, asha.user_id).phone_verified = False
        for challenge in session.scalars(select(OtpChallenge).where(OtpChallenge.phone == asha.phone)):
            challenge.created_at -= timedelta(minutes=1)  # past the 30 s before a new code may be sent
        session.commit()
    assert "We sent a 6-digit code" in _post(client, "/me/profile/phone/code")
    assert "not right" in _post(client, "/me/profile/phone/verify", code="000000")
    with container.session_factory() as session:  # the wrong try was kept: five per code
        assert session.scalar(select(OtpChallenge.attempts).where(OtpChallenge.phone == asha.phone,
                                                                  OtpChallenge.closed_at.is_(None))) == 1
    assert "is verified" in _post(client, "/me/profile/phone/verify", code=sent_code(container, asha.phone))
    with container.session_factory() as session:
        assert session.get(PatientProfile, asha.user_id).phone_verified


def test_an_email_is_verified_by_the_link_emailed_to_it(container, signed_in, asha):
    client = signed_in(asha)
    assert "We emailed you a link" in _post(client, "/me/profile/email", email="Asha.Rao@example.com")
    with container.session_factory() as session:
        mail = session.scalar(select(Notification).where(Notification.user_id == asha.user_id,
                                                         Notification.trigger == "email_verification"))
        assert mail.address == "asha.rao@example.com" and session.get(User, asha.user_id).email is None
    link = re.search(r"https?://\S+", mail.body).group(0)
    opened = client.get(link[link.index("/email/verify"):]).get_data(as_text=True)
    assert "asha.rao@example.com" in opened  # opening asks; the button confirms (tests/portal/test_email_link.py)
    form = {"csrf_token": csrf_token(opened), "token": link.split("token=", 1)[1]}
    page = client.post("/email/verify", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Your email is confirmed." in page and "<h1>Profile</h1>" in page
    with container.session_factory() as session:
        assert session.get(User, asha.user_id).email == "asha.rao@example.com"
        assert session.get(PatientProfile, asha.user_id).email_verified


def test_emergency_contacts_and_family_members_are_added_and_bad_ones_refused(container, signed_in, asha):
    client = signed_in(asha)
    assert "Emergency contact added." in _post(client, "/me/profile/contacts", name="Ravi Rao", phone="98765 43210",
                                               relation="Husband")
    assert "not a phone number" in _post(client, "/me/profile/contacts", name="X Y", phone="12", relation="Friend")
    assert "Family member added." in _post(client, "/me/profile/family", name="Kamala Rao", relation="mother",
                                           date_of_birth="1960-05-01")
    assert "Relation must be one of" in _post(client, "/me/profile/family", name="Kamala", relation="neighbour")
    page = client.get("/me/profile").get_data(as_text=True)
    assert "Ravi Rao (Husband) · +919876543210" in page and "Kamala Rao (Mother)" in page


def test_removing_another_patients_family_member_is_not_found(container, world, signed_in, asha):
    _post(signed_in(asha), "/me/profile/family", name="Kamala Rao", relation="mother")
    with container.session_factory() as session:
        member_id = session.scalar(select(FamilyMember.id).where(FamilyMember.owner_id == asha.user_id))
    other = signed_in(world.patient())
    token = csrf_token(other.get("/me/profile").get_data(as_text=True))
    assert other.post(f"/me/profile/family/{member_id}/remove", data={"csrf_token": token}).status_code == 404
    with container.session_factory() as session:
        assert session.get(FamilyMember, member_id).removed_at is None
