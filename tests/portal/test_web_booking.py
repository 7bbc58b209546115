"""Booking a scan on the web goes through the same search, hold and checkout as WhatsApp, for the patient
or a family member; a bad or foreign choice holds nothing."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.models import Booking, Payment, PaymentStatus, Role
from core.portal import family
from tests.conftest import csrf_token
from tests.factories import Factories


@pytest.fixture
def offer(container, world):
    """A patient with a family member, and a city with one scan on offer tomorrow."""
    patient = world.patient()
    with container.session_factory() as session:
        f = Factories(session)
        slot = f.slot(f.center())
        mother = family.create(session, actor=Actor(Role.PATIENT, patient.user_id), name="Kamala Rao",
                               relation="mother", date_of_birth=date(1960, 5, 1), today=date(2026, 12, 1))
        session.commit()
        return patient, {"city": slot.city_id, "scan": slot.service_id, "slot": slot.id, "mother": mother.id}


def _search(client, ids) -> str:
    return client.get(f"/me/book?city={ids['city']}&scan={ids['scan']}").get_data(as_text=True)


def test_a_patient_books_for_their_mother_and_is_sent_to_pay(container, signed_in, offer):
    patient, ids = offer
    client = signed_in(patient)
    page = _search(client, ids)
    assert re.search(rf'name="slot_id" id="slot-{ids["slot"]}"', page) and "Kamala Rao (Mother)" in page
    response = client.post("/me/book", data={"csrf_token": csrf_token(page), "slot_id": ids["slot"],
                                             "for": ids["mother"]})
    assert response.status_code == 302 and "/sandbox/pay/" in response.location
    with container.session_factory() as session:
        booking = session.scalar(select(Booking).where(Booking.user_id == patient.user_id))
        payment = session.scalar(select(Payment).where(Payment.booking_id == booking.id))
    assert (booking.patient_name, booking.family_member_id, booking.source) == ("Kamala Rao", ids["mother"], "web")
    assert booking.patient_age >= 66 and payment.status is PaymentStatus.CREATED


def test_a_taken_slot_or_a_bad_choice_holds_nothing(container, signed_in, world, offer):
    patient, ids = offer
    client = signed_in(patient)
    token = csrf_token(_search(client, ids))
    for fields in ({"slot_id": "abc"}, {"slot_id": "987654"}, {"slot_id": ids["slot"], "for": "x"}):
        response = client.post("/me/book", data={"csrf_token": token, "for": "self", **fields})
        assert response.status_code == 302 and "/me/book" in response.location
    with container.session_factory() as session:
        assert session.scalar(select(func.count(Booking.id)).where(Booking.user_id == patient.user_id)) == 0


def test_booking_for_another_patients_family_member_is_not_found(container, signed_in, world, offer):
    _, ids = offer
    stranger = world.patient()
    client = signed_in(stranger)
    response = client.post("/me/book", data={"csrf_token": csrf_token(_search(client, ids)), "slot_id": ids["slot"],
                                             "for": ids["mother"]})
    assert response.status_code == 404
    with container.session_factory() as session:
        assert session.scalar(select(func.count(Booking.id)).where(Booking.user_id == stranger.user_id)) == 0


def test_a_search_with_a_bad_city_says_so(signed_in, offer):
    patient, _ = offer
    page = signed_in(patient).get("/me/book?city=abc&scan=1").get_data(as_text=True)
    assert "Pick a city from the list." in page
