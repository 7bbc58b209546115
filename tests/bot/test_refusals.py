"""Core's refusals a patient can meet while booking reach them in their language; the rest stay core's text."""
from __future__ import annotations

import pytest

from bot import texts
from bot.actions import refusals
from bot.actions.manage import MyBookings
from core.errors import IllegalTransition, SlotUnavailable, ValidationError
from core.payments.provider import ProviderError


@pytest.mark.parametrize("error, message_id", [
    (SlotUnavailable("The 25 Nov, 05:30 PM slot was just taken.", code="slot_taken"), "refusal_slot_taken"),
    (SlotUnavailable("Slot 9 is not offered for booking.", code="slot_not_offered"), "refusal_slot_not_offered"),
    (SlotUnavailable("This center is not taking bookings yet.", code="center_closed"), "refusal_center_closed"),
    (SlotUnavailable("The 25 Nov slot has already started.", code="slot_past"), "refusal_slot_past"),
    (IllegalTransition("The hold on booking MZ1 has lapsed.", code="hold_expired"), "refusal_hold_expired"),
    (ProviderError("Razorpay refused the request: 400", retryable=False), "refusal_payment_refused"),
    (ProviderError("Razorpay could not be reached", retryable=True), "refusal_payment_unavailable"),
])
@pytest.mark.parametrize("language", ["en", "hi", "hinglish"])
def test_a_booking_refusal_is_worded_in_the_patients_language(error, message_id, language):
    worded = refusals.message_for(error, language)
    assert worded == texts.text(message_id, language) and "Razorpay" not in worded


def test_a_refusal_without_words_of_our_own_keeps_cores_english_text():
    error = ValidationError("Age must be between 0 and 120.")
    assert refusals.message_for(error, "hi") == "Age must be between 0 and 120."


def test_every_patient_code_has_words_in_all_three_languages():
    for code in refusals.PATIENT_CODES:
        assert set(texts.catalogue()[f"refusal_{code}"]) == {"en", "hi", "hinglish"}


def test_any_action_relays_a_coded_refusal_in_the_patients_language(chat, monkeypatch):
    def lapsed(*args, **kwargs):
        raise IllegalTransition("The hold on booking MZ1 has lapsed; please pick the slot again.", code="hold_expired")
    monkeypatch.setattr(MyBookings, "act", lapsed)
    chat.slots["reply_language"] = "hinglish"

    assert chat.run(MyBookings(), "meri booking").text == texts.text("refusal_hold_expired", "hinglish")
