"""No slot anywhere: the bot offers the waitlist, and "1" or "haan" puts the patient on it (core.waitlist)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.actions.booking import SearchSlots
from bot.actions.fallback import DefaultFallback
from bot.actions.menu import SelectOption
from bot.actions.waitlist import JoinWaitlist
from core.clock import IST, now_utc
from core.models.waitlist import WaitlistEntry, WaitlistStatus


@pytest.fixture
def nothing_free(chat, committed):
    """The patient asked for a scan in a city with no slot this month; the search has answered."""
    city, service = committed.city(), committed.service()
    day = (now_utc() + timedelta(days=3)).astimezone(IST).date()
    window = {"when_start": datetime(day.year, day.month, day.day, 9, tzinfo=IST).isoformat(),
              "when_end": datetime(day.year, day.month, day.day, 12, tzinfo=IST).isoformat()}
    reply = chat.run(SearchSlots(), slots={"service": service.name, "service_code": service.code,
                                          "city": city.name, **window})
    return reply, city, service, day


def test_no_slot_offers_the_waitlist_as_option_1(nothing_free):
    reply, *_ = nothing_free
    assert reply.responses == ["no_slots"] and "1. Join the waitlist" in reply.text
    assert reply.slots["pending_action"] == "waitlist" and reply.slots["menu_context"] == "waitlist"


def test_1_chooses_the_waitlist_and_joining_puts_the_patient_on_it(chat, nothing_free, read):
    _, city, service, day = nothing_free

    assert chat.run(SelectOption(), "1", intent="choose_option").slots["menu_choice"] == "waitlist"
    joined = chat.run(JoinWaitlist(), "1", intent="choose_option")

    assert joined.responses == ["waitlist_joined"] and service.name in joined.text and city.name in joined.text
    assert joined.slots["pending_action"] is None and joined.slots["waitlist_offer"] is None
    with read() as session:
        entry = session.scalar(select(WaitlistEntry).where(WaitlistEntry.user_id == chat.user.id))
        assert (entry.service_id, entry.city_id, entry.date_from) == (service.id, city.id, day)
        assert entry.status is WaitlistStatus.WAITING


def test_haan_in_hinglish_joins_and_answers_in_hinglish(chat, nothing_free):
    chat.slots["reply_language"] = "hinglish"
    joined = chat.run(JoinWaitlist(), "haan", intent="affirm")
    assert joined.text.startswith("Ho gaya ✅ Aap") and "waitlist" in joined.text


def test_joining_with_no_search_behind_it_asks_for_the_scan_city_and_day(chat):
    assert chat.run(JoinWaitlist(), "haan", intent="affirm").responses == ["waitlist_nothing_to_wait_for"]


@pytest.mark.parametrize("text", ["waitlist", "Waiting list", "wait list please", "add me to the wait-list",
                                  "वेटलिस्ट", "वेटलिस्ट में डाल दो"])
def test_typing_the_waitlist_while_it_is_offered_joins_it(chat, nothing_free, read, text):
    _, city, service, _ = nothing_free

    joined = chat.run(DefaultFallback(), text, intent="nlu_fallback")

    assert joined.responses == ["waitlist_joined"] and joined.slots["waitlist_offer"] is None
    assert not any(e.get("event") == "rewind" for e in joined.events)  # the message counts; no fallback reply
    with read() as session:
        entry = session.scalar(select(WaitlistEntry).where(WaitlistEntry.user_id == chat.user.id))
        assert (entry.service_id, entry.city_id) == (service.id, city.id)


def test_the_waitlist_word_is_answered_in_hindi_in_a_hindi_chat(chat, nothing_free):
    chat.slots["reply_language"] = "hi"
    assert chat.run(DefaultFallback(), "वेटलिस्ट", intent="nlu_fallback").text \
        .startswith(texts.text("waitlist_joined", "hi").split("{", 1)[0])


def test_the_waitlist_word_with_no_offer_standing_is_an_ordinary_fallback(chat):
    reply = chat.run(DefaultFallback(), "waitlist", intent="nlu_fallback")
    assert reply.responses == ["utter_default"]


def test_an_unrelated_message_while_the_waitlist_is_offered_still_falls_back(chat, nothing_free, read):
    assert chat.run(DefaultFallback(), "asdf qwerty", intent="nlu_fallback").responses == ["utter_default"]
    with read() as session:
        assert session.scalar(select(WaitlistEntry).where(WaitlistEntry.user_id == chat.user.id)) is None
