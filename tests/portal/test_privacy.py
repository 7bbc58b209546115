"""Privacy screens over core.portal.privacy: a copy of my data, a name correction, and erasure (refused
while a booking is upcoming or unconfirmed; afterwards the patient is signed out everywhere)."""
from __future__ import annotations

import json

from core.models import User
from tests.conftest import csrf_token


def _post(client, path: str, **fields):
    token = csrf_token(client.get("/me/privacy").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **fields})


def test_my_data_downloads_as_an_attachment_with_my_bookings(signed_in, asha):
    response = signed_in(asha).get("/me/privacy/my-data.json")
    assert response.headers["Content-Disposition"] == 'attachment; filename="medezy-my-data.json"'
    data = json.loads(response.data)
    assert {b["reference"] for b in data["bookings"]} == set(asha.refs.values()) and data["invoices"]


def test_a_name_is_corrected_and_a_blank_one_refused(container, signed_in, asha):
    client = signed_in(asha)
    assert "Please give your full name" in client.get(_post(client, "/me/privacy/name", name=" ").location) \
        .get_data(as_text=True)
    _post(client, "/me/privacy/name", name="Asha  Rao")
    with container.session_factory() as session:
        assert session.get(User, asha.user_id).name == "Asha Rao"


def test_erasure_needs_the_word_and_no_upcoming_booking(container, signed_in, asha):
    client = signed_in(asha)
    assert "Type ERASE" in client.get(_post(client, "/me/privacy/erase", confirm="yes").location).get_data(as_text=True)
    assert "still upcoming" in client.get(_post(client, "/me/privacy/erase", confirm="erase").location) \
        .get_data(as_text=True)
    with container.session_factory() as session:
        assert session.get(User, asha.user_id).is_active


def test_an_erased_patient_is_signed_out_and_their_identity_gone(container, world, signed_in):
    patient = world.patient()
    world.booking(patient, "done", days=-2, completed=True)
    client = signed_in(patient)
    response = _post(client, "/me/privacy/erase", confirm="ERASE")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert client.get("/me/").location.startswith("/login")
    with container.session_factory() as session:
        user = session.get(User, patient.user_id)
        assert (user.phone, user.is_active, user.name) == (None, False, "Erased patient")
