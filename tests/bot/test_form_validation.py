"""Form validation on real Trackers: catalogue matches, numbers read against menus, dates in IST."""
from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.actions import forms
from bot.actions.forms import AskService, ValidateBookingForm
from bot.actions.nps import ValidateNpsForm
from bot.actions.patient_form import ValidatePatientForm
from core.actors import Actor
from core.booking import service as bookings
from core.clock import IST
from core.models.cities import City
from core.models.users import Sex

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=IST)  # a Tuesday afternoon


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setattr(forms, "now_utc", lambda: NOW)


def test_a_scan_and_body_part_match_one_catalogue_service(chat, two_elbow_scans):
    part, mri, _ = two_elbow_scans
    reply = chat.run(ValidateBookingForm(), f"mri {part}", set_now={"service": "MRI", "body_part": part.lower()},
                     active_loop="booking_form")

    assert reply.slots["service"] == mri.name and reply.slots["service_code"] == mri.code


def test_a_body_part_fitting_several_scans_asks_which_one(chat, two_elbow_scans):
    part, mri, xray = two_elbow_scans
    reply = chat.run(ValidateBookingForm(), part, set_now={"service": part}, active_loop="booking_form")

    assert reply.slots["service"] is None
    assert reply.slots["menu_context"] == "services"
    assert sorted(reply.slots["menu_items"]) == sorted([mri.code, xray.code])
    asked = chat.run(AskService(), part)
    assert asked.text.startswith("Which ") and f"1. {chat.slots['menu_items'][0]}" not in asked.text
    assert mri.name in asked.text and xray.name in asked.text


def test_a_number_answers_the_narrowed_list(chat, two_elbow_scans):
    part, _, _ = two_elbow_scans
    chat.run(ValidateBookingForm(), part, set_now={"service": part}, active_loop="booking_form")
    second = chat.slots["menu_items"][1]

    reply = chat.run(ValidateBookingForm(), "2", intent="choose_option", set_now={"service": "2"},
                     active_loop="booking_form")

    assert reply.slots["service_code"] == second


def test_a_scan_we_do_not_book_is_refused_with_a_hint(chat):
    reply = chat.run(ValidateBookingForm(), "doppler", set_now={"service": "Doppler"}, active_loop="booking_form")

    assert reply.slots["service"] is None
    assert reply.responses == ["utter_invalid_service"]


def test_a_city_is_found_inside_a_sentence(chat, committed):
    city = committed.city()
    reply = chat.run(ValidateBookingForm(), f"in {city.name} please", set_now={"city": f"in {city.name} please"},
                     active_loop="booking_form")

    assert reply.slots["city"] == city.name


def test_an_unserved_city_lists_the_cities_we_serve(chat, committed):
    served = committed.city()
    reply = chat.run(ValidateBookingForm(), "Timbuktu", set_now={"city": "Timbuktu"}, active_loop="booking_form")

    assert reply.slots["city"] is None
    assert "Timbuktu" in reply.text and served.name in reply.text


def test_a_day_typed_when_asked_for_the_city_is_not_scolded(chat):
    reply = chat.run(ValidateBookingForm(), "kal shaam", set_now={"city": "kal shaam"}, active_loop="booking_form")

    assert reply.slots["city"] is None and reply.messages == []


def test_kal_shaam_is_tomorrow_evening_in_india(chat, fixed_now):
    reply = chat.run(ValidateBookingForm(), "kal shaam", set_now={"preferred_when": "shaam"},
                     entities=[{"entity": "date_text", "value": "kal"}, {"entity": "time_text", "value": "shaam"}],
                     active_loop="booking_form")

    assert reply.slots["preferred_when"] == "kal shaam"
    assert reply.slots["when_start"] == "2026-11-25T16:00:00+05:30"
    assert reply.slots["when_end"] == "2026-11-25T20:00:00+05:30"


@pytest.mark.parametrize("text", ["2", "option 2"])
def test_a_menu_number_is_never_a_date(chat, fixed_now, text):
    reply = chat.run(ValidateBookingForm(), text, set_now={"preferred_when": text}, active_loop="booking_form")

    assert reply.slots["preferred_when"] is None
    assert reply.responses == ["utter_invalid_when"]


def test_a_time_already_past_asks_for_another(chat, fixed_now):
    reply = chat.run(ValidateBookingForm(), "aaj subah", set_now={"preferred_when": "aaj subah"},
                     active_loop="booking_form")

    assert reply.slots["preferred_when"] is None
    assert reply.responses == ["when_in_past"]


def test_family_clears_details_left_from_an_earlier_booking(chat):
    reply = chat.run(ValidatePatientForm(), "2", slots={"patient_name": "Old Name", "patient_age": "40"},
                     set_now={"who_for": "2"}, active_loop="patient_form")

    assert reply.slots["who_for"] == "family" and reply.slots["known_patient"] is False
    assert reply.slots["patient_name"] is None and reply.slots["patient_age"] is None


def test_self_reuses_the_details_of_the_patients_own_last_booking(chat, committed):
    slot = committed.slot()
    bookings.hold(committed.session, actor=Actor.of(chat.user), user_id=chat.user.id, slot_id=slot.id,
                  patient=bookings.PatientDetails(name="Anil Verma", age=45, sex=Sex.MALE))
    committed.session.commit()

    reply = chat.run(ValidatePatientForm(), "for me", intent="who_for_self", set_now={"who_for": "self"},
                     active_loop="patient_form")

    assert reply.slots == {"who_for": "self", "known_patient": True, "patient_name": "Anil Verma",
                           "patient_age": "45", "patient_sex": "male"}


@pytest.mark.parametrize(("slot", "text", "expected"), [
    ("patient_age", "62 saal", "62"), ("patient_age", "8 months", "0"), ("patient_age", "abc", None),
    ("patient_sex", "2", "female"), ("patient_sex", "purush", "male"), ("patient_sex", "x", None),
    ("patient_name", "sunita sharma", "Sunita Sharma"), ("patient_name", "7", None),
    ("patient_name", "female", None), ("patient_name", "Kamla Devi Rao Patil", "Kamla Devi Rao Patil"),
])
def test_patient_details_are_read_from_what_people_type(chat, slot, text, expected):
    reply = chat.run(ValidatePatientForm(), text, set_now={slot: text}, active_loop="patient_form")

    assert reply.slots[slot] == expected
    assert bool(reply.messages) is (expected is None)


def test_a_name_the_nlu_tagged_only_in_part_is_kept_whole(chat):
    reply = chat.run(ValidatePatientForm(), "Kamla Devi Rao", set_now={"patient_name": "Devi Rao"},
                     slots={"requested_slot": "patient_name"}, active_loop="patient_form")

    assert reply.slots["patient_name"] == "Kamla Devi Rao"


@pytest.mark.parametrize(("text", "score"), [("8", "8"), ("10/10", "10"), ("0", "0"), ("11", None), ("good", None)])
def test_nps_scores_are_zero_to_ten(chat, text, score):
    reply = chat.run(ValidateNpsForm(), text, set_now={"nps_score": text}, active_loop="nps_form")

    assert reply.slots["nps_score"] == score


def test_promoters_are_not_asked_what_to_improve(chat):
    promoter = chat.run(ValidateNpsForm(), "9", set_now={"nps_score": "9"}, active_loop="nps_form")
    detractor = chat.run(ValidateNpsForm(), "4", set_now={"nps_score": "4"}, active_loop="nps_form")

    assert promoter.slots["requested_slot"] is None  # the form ends after the score
    assert "requested_slot" not in detractor.slots  # rasa's form goes on to ask nps_comment


def test_the_booking_form_asks_for_the_scan_with_every_kind_we_book(chat, two_elbow_scans):
    reply = chat.run(AskService(), "book a scan", intent="book_scan")

    assert reply.text.startswith("Which scan do you need?")
    assert reply.slots["menu_context"] == "services" and "MRI" in reply.slots["menu_items"]
    assert "1. MRI:" in reply.text


def test_slots_an_action_emptied_are_not_complained_about(chat):
    reply = chat.run(ValidateBookingForm(), "1", intent="choose_option", active_loop="booking_form",
                     set_now={"service": None, "city": None, "preferred_when": None})

    assert reply.messages == []
    assert reply.slots == {"service": None, "city": None, "preferred_when": None}


def test_the_same_refusal_twice_in_a_row_is_reworded_with_the_ways_out(chat):
    said = {"event": "bot", "text": "Sorry, I couldn't match that to a scan we book. Reply with a number from "
                                    "the list or type e.g. *MRI knee*."}
    first = chat.run(ValidateBookingForm(), "qwerty", set_now={"service": "qwerty"}, active_loop="booking_form")
    again = chat.run(ValidateBookingForm(), "asdf", set_now={"service": "asdf"}, active_loop="booking_form",
                     events=[{"event": "user", "text": "qwerty"}, said])

    assert first.responses == ["utter_invalid_service"]
    assert again.texts[0].startswith("Sorry, I still couldn't use that.") and "*agent*" in again.texts[0]


@pytest.mark.parametrize("text", ["mri in nagpurr kal", "nagpur", "नागपुर में सीटी"])
def test_a_city_the_nlu_did_not_tag_is_found_in_the_message(chat, committed, text):
    if committed.session.scalar(select(City).where(City.name == "Nagpur")) is None:
        committed.city("Nagpur")
    tracker = chat.tracker(text, active_loop="booking_form")

    found = asyncio.run(ValidateBookingForm().extract_city(None, tracker, chat.domain))

    assert found == {"city": "Nagpur"}
