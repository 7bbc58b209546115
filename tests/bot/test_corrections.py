"""Corrections inside the booking form change only the field named; a past day gets a clear answer."""
from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot import texts
from bot.actions import forms
from bot.actions.forms import ValidateBookingForm
from core.clock import IST

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=IST)  # a Tuesday afternoon
KAL = {"preferred_when": "kal", "when_start": "2026-11-25T00:00:00+05:30", "when_end": "2026-11-26T00:00:00+05:30"}


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(forms, "now_utc", lambda: NOW)


def _asked(slot: str, **known) -> dict:
    return {"requested_slot": slot, **known}


@pytest.mark.parametrize("text, day", [("no, Saturday", "Saturday"), ("nahi, shanivar ko", "shanivar"),
                                       ("नहीं, शनिवार", "शनिवार")])
def test_no_saturday_when_asked_for_the_city_changes_only_the_day(chat, two_elbow_scans, text, day):
    _, mri, _ = two_elbow_scans
    chat.slots.update(_asked("city", service=mri.name, service_code=mri.code, **KAL))
    reply = chat.run(ValidateBookingForm(), text, entities=[{"entity": "date_text", "value": day}],
                     set_now={"preferred_when": day, "city": text}, active_loop="booking_form")

    assert reply.slots["when_start"].startswith("2026-11-28") and reply.slots["city"] is None
    assert "service" not in reply.slots and "service_code" not in reply.slots
    assert reply.responses == ["changed"] and "Sat 28 Nov" in reply.text  # not "no centres in 'no, Saturday'"


def test_actually_xray_when_asked_for_the_day_changes_only_the_scan(chat, two_elbow_scans):
    part, mri, xray = two_elbow_scans
    text = f"actually xray {part}"
    chat.slots.update(_asked("preferred_when", service=mri.name, service_code=mri.code, city="Pune"))
    reply = chat.run(ValidateBookingForm(), text, entities=[{"entity": "service", "value": "xray"}],
                     set_now={"service": f"xray {part}", "preferred_when": text}, active_loop="booking_form")

    assert reply.slots["service_code"] == xray.code and reply.slots["preferred_when"] is None
    assert "city" not in reply.slots  # the day is asked next, without a scolding
    assert reply.responses == ["changed"] and xray.name in reply.text


def test_a_day_that_has_passed_is_named_in_the_answer(chat):
    reply = chat.run(ValidateBookingForm(), "25-12-2025", slots=_asked("preferred_when"),
                     set_now={"preferred_when": "25-12-2025"}, active_loop="booking_form")

    assert reply.slots["preferred_when"] is None
    assert reply.text == texts.text("when_in_past", "en", day="Thu 25 Dec 2025")


def test_a_past_day_is_answered_in_hindi_to_a_hindi_writer(chat):
    chat.slots["reply_language"] = "hi"
    reply = chat.run(ValidateBookingForm(), "पिछले सोमवार", slots=_asked("preferred_when"),
                     set_now={"preferred_when": "पिछले सोमवार"}, active_loop="booking_form")
    assert reply.text == "Mon 23 Nov निकल चुका है। आज या उसके बाद का कौन सा दिन देखूँ?"


def test_a_day_the_nlu_did_not_tag_still_corrects_the_day_when_asked_for_the_city(chat, two_elbow_scans):
    _, mri, _ = two_elbow_scans
    chat.slots.update(_asked("city", service=mri.name, service_code=mri.code, **KAL))
    reply = chat.run(ValidateBookingForm(), "नहीं, शनिवार", set_now={"city": "नहीं, शनिवार"},
                     active_loop="booking_form")

    assert reply.slots["city"] is None and reply.slots["when_start"].startswith("2026-11-28")
    assert "service_code" not in reply.slots and reply.text == texts.text("changed", "en", value="Sat 28 Nov")


@pytest.mark.parametrize("text, found", [("mujhe kal delhi mein MRI knee karwana hai", True),
                                         ("MRI knee in Delhi", False), ("2", False)])
def test_a_day_the_nlu_did_not_tag_in_the_first_message_is_used(chat, text, found):
    tracker = chat.tracker(text, active_loop="booking_form")
    extracted = asyncio.run(ValidateBookingForm().extract_preferred_when(None, tracker, chat.domain))
    assert extracted == ({"preferred_when": text} if found else {})
