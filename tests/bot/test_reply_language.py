"""Replies in the patient's language: Hindi to Hindi, Hinglish to Hinglish, and an explicit choice wins."""
from __future__ import annotations

import re

from bot import texts
from bot.actions import wording
from bot.actions.forms import ValidateBookingForm
from bot.actions.language import ChooseLanguage
from bot.actions.manage import MyBookings
from bot.actions.menu import ShowMenu
from core import languages
from core.models.bookings import BookingStatus

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def test_a_hindi_conversation_gets_hindi_replies(chat):
    assert chat.run(ChooseLanguage(), "नमस्ते, मुझे एमआरआई करवाना है").slots == {"reply_language": "hi"}

    menu = chat.run(ShowMenu(), "नमस्ते", intent="greet")
    bookings = chat.run(MyBookings(), "मेरी बुकिंग")
    refused = chat.run(ValidateBookingForm(), "डॉप्लर", set_now={"service": "डॉप्लर"}, active_loop="booking_form")

    assert menu.text.startswith("नमस्ते! मैं MedEzy हूँ") and "1. स्कैन बुक करें" in menu.text
    assert bookings.text == texts.text("utter_no_bookings", "hi")
    assert refused.text == texts.text("utter_invalid_service", "hi")


def test_a_hinglish_conversation_gets_hinglish_replies(chat):
    assert chat.run(ChooseLanguage(), "mujhe kal MRI karwana hai").slots == {"reply_language": "hinglish"}

    menu = chat.run(ShowMenu(), "hi", intent="greet")

    assert "Main MedEzy hoon" in menu.text and not DEVANAGARI.search(menu.text)


def test_a_bare_number_keeps_the_language_of_the_conversation(chat):
    earlier = [{"event": "user", "text": "कल सुबह दिल्ली में"}]
    assert chat.run(ChooseLanguage(), "2", events=earlier).slots == {"reply_language": "hi"}


def test_the_language_the_patient_set_wins_over_what_they_write(chat, committed):
    languages.set_setting(committed.session, user_id=chat.user.id, language="en")
    committed.session.commit()

    chat.run(ChooseLanguage(), "मुझे कल एमआरआई करवाना है")
    menu = chat.run(ShowMenu(), "नमस्ते", intent="greet")

    assert chat.slots["reply_language"] == "en" and menu.text.startswith("Namaste! I'm MedEzy")


def test_asking_for_hindi_sets_it_for_the_bot_and_the_notifications(chat, read):
    reply = chat.run(ChooseLanguage(), "please reply in hindi")

    assert reply.slots == {"reply_language": "hi"} and reply.text == texts.text("language_set", "hi")
    with read() as session:
        assert languages.setting(session, user_id=chat.user.id) == "hi"
        assert languages.for_patient(session, user_id=chat.user.id) == "hi"


def test_a_hindi_writer_sees_the_booking_status_in_hindi(chat, book):
    confirmed = book(BookingStatus.CONFIRMED)
    chat.slots["reply_language"] = "hi"

    reply = chat.run(MyBookings(), "मेरी बुकिंग")

    assert reply.text.startswith("आपकी बुकिंग:") and f"{confirmed.reference} · " in reply.text
    assert "· पक्की" in reply.text and "Confirmed" not in reply.text


def test_dates_in_a_hindi_conversation_are_in_hindi(chat, book):
    booking = book(BookingStatus.CONFIRMED)
    chat.slots["reply_language"] = "hi"

    listed = chat.run(MyBookings(), "मेरी बुकिंग").text

    assert wording.when(booking.slot.starts_at, "hi") in listed
    assert not re.search(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b|\b[ap]m\b", listed)
