"""One rule for the language we write in: an explicit setting, else the patient's newest telling message."""
from __future__ import annotations

import pytest

from core import languages
from core.errors import ValidationError
from core.models.conversations import Author, Conversation, Direction, Message


@pytest.mark.parametrize("text, expected", [
    ("मुझे कल एमआरआई करवाना है", "hi"),
    ("दिल्ली", "hi"),
    ("mujhe kal MRI karwana hai", "hinglish"),
    ("papa ke liye ct scan chahiye", "hinglish"),
    ("I want to book an MRI for tomorrow", "en"),
    ("where is my report please", "en"),
    ("2", None), ("ok", None), ("MRI knee", None), ("👍", None),
    ("kal shaam", None), ("CT brain in nagpur kal", None),  # day words the bot suggests to everyone
])
def test_a_message_tells_its_language_or_nothing(text, expected):
    assert languages.detect(text) == expected


def test_the_newest_telling_message_decides_and_short_replies_keep_it():
    newest_first = ["2", "ok", "कल सुबह", "I want an MRI please"]
    assert languages.choose(setting=None, messages=newest_first) == "hi"


def test_an_explicit_setting_wins_over_what_the_patient_writes():
    assert languages.choose(setting="en", messages=["मुझे कल एमआरआई चाहिए"]) == "en"


def test_no_evidence_means_english():
    assert languages.choose(setting=None, messages=["2", "ok"]) == "en"


@pytest.mark.parametrize("text, asked", [("reply in hindi", "hi"), ("Hindi mein baat karo", "hi"),
                                         ("english please", "en"), ("hinglish me likho", "hinglish"),
                                         ("MRI in Pune", None)])
def test_a_patient_can_ask_for_a_language(text, asked):
    assert languages.asked_for(text) == asked


def test_notifications_read_the_whatsapp_chat_when_nothing_was_set(session, factories):
    patient = factories.patient()
    chat = factories._save(Conversation(phone=patient.phone, user_id=patient.id))
    for body in ("hi", "mummy ke liye MRI chahiye kal", "2"):
        session.add(Message(conversation_id=chat.id, direction=Direction.IN, author=Author.PATIENT, body=body))
    session.add(Message(conversation_id=chat.id, direction=Direction.OUT, author=Author.BOT, body="I'm MedEzy"))
    session.flush()
    assert languages.for_patient(session, user_id=patient.id) == "hinglish"
    languages.set_setting(session, user_id=patient.id, language="en")
    assert languages.for_patient(session, user_id=patient.id) == "en"


def test_an_unknown_language_is_refused(session, factories):
    with pytest.raises(ValidationError):
        languages.set_setting(session, user_id=factories.patient().id, language="fr")
