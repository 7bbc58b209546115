"""Discovery, reports, support, feedback, fallback and session start, on real Trackers and Postgres."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot import texts
from bot.actions.discovery import AnswerFaq, ListServices, ShowPrep, ShowPrices
from bot.actions.fallback import DefaultFallback
from bot.actions.manage import MyBookings
from bot.actions.menu import AnythingElse, ShowMenu
from bot.actions.nps import RecordNps
from bot.actions.reports import ReportStatus, SendReport
from bot.actions.support import HandoffToHuman, SessionStart, UploadPrescription
from core import documents
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.content.seed_content import new_faq_entries
from core.conversations import log
from core.models.content import ContentStatus
from core.models.conversations import Conversation, ConversationState
from core.models.feedback import NpsResponse
from core.models.tickets import Ticket
from core.models.users import Role, User

PDF = b"%PDF-1.4 report"
OPS = Actor(Role.OPS_MANAGER)


@pytest.fixture
def whatsapp_chat(chat, committed):
    """The chat as our gateway forwards it: with its conversation in the log."""
    conversation = log.get_or_create(committed.session, phone=chat.user.phone)
    conversation.user_id = chat.user.id
    committed.session.commit()
    chat.conversation_id = conversation.id
    return chat


@pytest.fixture
def completed(chat, committed, container):
    """A completed scan of the chat's patient, optionally with its report uploaded."""
    def make(with_report: bool) -> object:
        starts = now_utc() + timedelta(hours=1)
        slot = committed.slot(starts_at=starts)
        session = committed.session
        booking = bookings.hold(session, actor=Actor.of(chat.user), user_id=chat.user.id, slot_id=slot.id,
                                patient=bookings.PatientDetails(name="Anil Verma"))
        bookings.mark_paid(session, booking_id=booking.id)
        bookings.confirm(session, actor=OPS, booking_id=booking.id)
        bookings.complete(session, actor=OPS, booking_id=booking.id, now=starts + timedelta(hours=1))
        if with_report:
            documents.upload_report(session, container.adapters["storage"], actor=OPS, booking_id=booking.id,
                                    data=PDF, content_type="application/pdf")
        session.commit()
        return booking
    return make


def test_the_services_list_is_a_numbered_menu_of_scan_kinds(chat, committed):
    committed.service()
    reply = chat.run(ListServices(), "kaun kaun se scan hote hai", intent="list_services")

    assert reply.slots["menu_context"] == "services" and "MRI" in reply.slots["menu_items"]
    assert "1. MRI: " in reply.text and "from ₹" in reply.text


def test_prices_in_a_city_come_from_its_verified_centres(chat, committed):
    city = committed.city()
    service = committed.service(code=f"MRI-PRICE-{city.id}")
    committed.slot(committed.center(city), service, price_paise=450000)
    committed.slot(committed.center(city), service, price_paise=620000)

    reply = chat.run(ShowPrices(), "price?", intent="ask_price",
                     slots={"service": service.name, "service_code": service.code, "city": city.name})

    assert f"*{service.name}* in {city.name}: ₹4,500 – ₹6,200 (2 centres)" in reply.text


def test_prep_instructions_come_from_the_catalogue(chat, committed):
    service = committed.service(prep_instructions="Fast for 6 hours.")
    reply = chat.run(ShowPrep(), "prep?", intent="ask_prep", slots={"service_code": service.code})

    assert reply.text == f"*{service.name}*: Fast for 6 hours."


@pytest.fixture
def faq_content(container):
    """The demo FAQs live in the CMS, in English, Hindi and Hinglish; removed after the test, because the
    database is shared with tests that seed the same slugs."""
    with container.session_factory() as session:
        made = new_faq_entries(session)  # only those no other test published
        for entry in made:
            entry.status, entry.publish_at = ContentStatus.PUBLISHED, now_utc()
        session.add_all(made)
        session.commit()
        yield made
        for entry in made:
            session.delete(entry)
        session.commit()


@pytest.mark.parametrize(("question", "language", "expected"), [
    ("do i need to fast", None, "no fasting"), ("how long does it take", "en", "10 minutes"),
    ("khali pet aana hai kya", "hinglish", "khali pet aane ki zarurat nahi"),
    ("cashless hai kya", "hinglish", "insurance se claim"),
    ("क्या खाली पेट आना है?", "hi", "खाली पेट आने की ज़रूरत नहीं"), ("रिफंड कब मिलेगा", "hi", "वापस मिलती है"),
])
def test_common_questions_are_answered_from_the_cms_in_the_patients_language(chat, faq_content, question,
                                                                             language, expected):
    chat.slots["reply_language"] = language
    assert expected in chat.run(AnswerFaq(), question, intent="ask_faq").text


@pytest.mark.parametrize(("question", "language", "expected"), [
    ("do i need to fast", "en", "no fasting"), ("क्या खाली पेट आना है?", "hi", "खाली पेट आने की ज़रूरत नहीं"),
])
def test_a_preparation_question_naming_no_scan_gets_the_general_answer(chat, faq_content, question, language,
                                                                       expected):
    chat.slots["reply_language"] = language
    assert expected in chat.run(ShowPrep(), question, intent="ask_prep").text


def test_a_preparation_question_on_no_known_topic_asks_which_scan(chat, faq_content):
    reply = chat.run(ShowPrep(), "what should i wear", intent="ask_prep")
    assert reply.text == texts.text("prep_which_scan", "en", not_offered="")


def test_a_preparation_question_naming_a_scan_we_do_not_book_says_so_and_asks_which_scan(chat, faq_content):
    reply = chat.run(ShowPrep(), "is fasting needed for angiography", intent="ask_prep", entities=[
        {"entity": "service", "value": "angiography"}])
    assert reply.text.startswith(texts.text("not_offered", "en", words="angiography"))


def test_a_question_on_no_known_topic_gets_the_topics_in_the_patients_language(chat, faq_content):
    chat.slots["reply_language"] = "hi"
    assert chat.run(AnswerFaq(), "मौसम कैसा है", intent="ask_faq").text == texts.text("faq_topics", "hi")


def test_report_status_before_the_upload_says_when_it_comes(chat, completed):
    booking = completed(with_report=False)
    reply = chat.run(ReportStatus(), "report kab aayegi?", intent="report_status")

    assert booking.reference in reply.text and "isn't ready yet" in reply.text


def test_send_report_gives_a_signed_expiring_link(chat, completed):
    booking = completed(with_report=True)
    reply = chat.run(SendReport(), "report bhejo", intent="send_report")

    assert booking.reference in reply.text and "expires=" in reply.text and "sig=" in reply.text
    assert reply.slots == {"booking_ref": booking.reference}


def test_a_person_on_request_opens_a_ticket_and_takes_the_chat_from_the_bot(whatsapp_chat, read):
    reply = whatsapp_chat.run(HandoffToHuman(), "kisi insaan se baat karao", intent="talk_to_human")

    assert reply.responses[0] in ("utter_handoff", "utter_handoff_after_hours")
    with read() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.user_id == whatsapp_chat.user.id))
        assert ticket.conversation_id == whatsapp_chat.conversation_id
        assert "kisi insaan se baat karao" in ticket.subject
        assert session.get(Conversation, whatsapp_chat.conversation_id).state is ConversationState.AGENT


def test_misunderstood_messages_get_the_menu_then_the_offer_then_a_person(whatsapp_chat, read):
    history: list[dict] = []
    responses = []
    for _ in range(3):
        reply = whatsapp_chat.run(DefaultFallback(), "asdf qwerty", intent="nlu_fallback", events=list(history))
        responses.append(reply.responses[0])
        history += [{"event": "user", "text": "asdf qwerty"}, {"event": "action", "name": "action_default_fallback"},
                    {"event": "rewind"}]
        assert reply.events[0] == {"event": "rewind", "timestamp": None}

    assert responses[:2] == ["utter_default", "utter_offer_human"]
    assert responses[2] in ("utter_handoff", "utter_handoff_after_hours")
    with read() as session:
        assert session.get(Conversation, whatsapp_chat.conversation_id).state is ConversationState.AGENT


def test_a_score_is_recorded_against_the_completed_booking(chat, completed, read):
    booking = completed(with_report=False)
    reply = chat.run(RecordNps(), "report was late", slots={"nps_score": "6", "nps_comment": "report was late"})

    assert reply.slots == {"nps_score": None, "nps_comment": None}
    with read() as session:
        response = session.scalar(select(NpsResponse).where(NpsResponse.booking_id == booking.id))
        assert (response.score, response.comment) == (6, "report was late")


def test_an_unknown_number_is_registered_as_a_patient(chat, read):
    phone = "+919812345670"
    reply = chat.run(MyBookings(), "hi", metadata={"phone": phone, "profile_name": "Ravi Kumar"})

    assert reply.responses == ["utter_no_bookings"]
    with read() as session:
        assert session.scalar(select(User.name).where(User.phone == phone)) == "Ravi Kumar"


def test_a_prescription_sent_with_the_message_needs_no_instructions(chat):
    sent = chat.run(UploadPrescription(), "here is my prescription", intent="upload_prescription",
                    metadata={"phone": chat.user.phone, "media": [{"document_id": 1}]})
    asked = chat.run(UploadPrescription(), "how do I send my prescription", intent="upload_prescription")

    assert sent.messages == []
    assert asked.responses == ["utter_upload_prescription"]


def test_session_start_keeps_slots_and_notes_the_gateways_phone(bot_domain):
    slots = {name: None for name in bot_domain["slots"]}
    slots.update(city="Pune", session_started_metadata={"phone": "+919800000001", "profile_name": "Anil"})
    tracker = Tracker("conv-1-0", slots, {}, [], False, None, {}, None)

    events = asyncio.run(SessionStart().run(CollectingDispatcher(), tracker, bot_domain))

    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    set_to = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert set_to == {"city": "Pune", "user_phone": "+919800000001", "user_display_name": "Anil"}


def test_a_plain_yes_asks_anything_else_once_then_shows_the_menu(chat):
    first = chat.run(AnythingElse(), "ok", intent="affirm")
    again = chat.run(AnythingElse(), "no", intent="deny",
                     events=[{"event": "bot", "text": "Anything else I can help with? Reply *menu* for options."}])

    assert first.responses == ["utter_anything_else"]
    assert again.responses == ["utter_main_menu"] and again.slots["menu_context"] == "main"


def test_the_menu_asked_for_again_says_so_instead_of_repeating_itself(chat):
    shown = [{"event": "user", "text": "hi"}, {"event": "bot", "text": texts.text("utter_main_menu", "en")}]
    reply = chat.run(ShowMenu(), "menu", intent="greet", events=shown)

    assert reply.responses == ["menu_again", "utter_main_menu"]
