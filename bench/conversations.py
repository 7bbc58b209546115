"""Scripted patients on WhatsApp: how many reach what they came for, and in how many messages.

Each conversation is one patient with one goal (book a scan, cancel, find the centre, ...) and a first
message in English, Hinglish or Devanagari Hindi. After that the patient answers what the bot asks, the
way a cooperative patient would: the form's question (read from rasa's tracker: `requested_slot`), "1"
for a list, "yes" to a confirmation. Nothing else is scripted, so a misunderstood message costs messages
or ends the conversation. The goal is checked where it lands: a new held booking with its payment link,
a cancelled or moved booking in the database, or the action that answers the question in rasa's tracker.

Everything is live: signed Twilio webhooks into our gateway, rasa with the trained model, the action
server, core on PostgreSQL with the demo data (`core.seed`: each demo patient has one booking in a known
state). Figures: goals reached per language, and patient messages from the first message to the payment
link (the issue's target: at most 6 when the first message names the scan, the city and the day).
"""
from __future__ import annotations

import dataclasses
import secrets
import statistics
import tempfile

import requests
from sqlalchemy import func, select

from console.app import create_app
from core.models import Booking, BookingStatus, Conversation, Payment, User
from core.seed_data import PATIENT_NAMES
from core.settings import Settings
from tests import bot_servers
from tests.whatsapp_client import WhatsAppPatient
from wiring.container import build

MAX_MESSAGES = 10

ANSWERS = {
    "en": {"service": "MRI knee", "city": "Pune", "preferred_when": "tomorrow", "who_for": "for me",
           "patient_name": "Sunita Rao", "patient_age": "54", "patient_sex": "female", "yes": "yes",
           "when": "day after tomorrow evening", "pick": "1"},
    "hinglish": {"service": "MRI knee", "city": "pune", "preferred_when": "kal", "who_for": "mere liye",
                 "patient_name": "Sunita Rao", "patient_age": "54", "patient_sex": "female", "yes": "haan",
                 "when": "parso shaam", "pick": "1"},
    "hi": {"service": "एमआरआई घुटना", "city": "पुणे", "preferred_when": "कल", "who_for": "मेरे लिए",
           "patient_name": "सुनीता राव", "patient_age": "54", "patient_sex": "महिला", "yes": "हाँ",
           "when": "परसों शाम", "pick": "१"},
}


@dataclasses.dataclass(frozen=True)
class Script:
    language: str
    goal: str  # "book", "cancel", "reschedule", or the action that answers the request
    first: str
    demo_patient: int | None = None  # index into core.seed's patients (their booking's state is known)
    names_everything: bool = False  # the first message names scan, city and day

    @property
    def answers(self) -> dict[str, str]:
        return ANSWERS[self.language]


# Demo patients (core.seed.PLAN by index): 0/1/10/11 completed, 3/13 cancelled, 4/5/14/15 confirmed
# (tomorrow / in two days), 6/16 paid awaiting the centre, 7/17 held (payment due).
SCRIPTS = [
    Script("en", "book", "MRI knee in Pune tomorrow", names_everything=True),
    Script("en", "book", "I need a CT scan of the brain for my father in Mumbai tomorrow evening",
           names_everything=True),
    Script("en", "book", "hi, want to book an ultrasound"),
    Script("en", "book", "book xray chest bengaluru"),
    Script("en", "book", "can i get a mammography done in hyderabad this week"),
    Script("en", "action_show_prices", "how much is an MRI brain in Delhi"),
    Script("en", "action_show_prep", "how should I prepare for a CT abdomen"),
    Script("en", "action_center_location", "where exactly is the centre, send me the address", demo_patient=4),
    Script("en", "action_send_invoice", "please send the GST invoice for my booking", demo_patient=14),
    Script("en", "cancel", "I want to cancel my appointment", demo_patient=5),
    Script("en", "action_report_status", "is my report ready yet?", demo_patient=0),
    Script("en", "action_handoff_to_human", "can I talk to a real person please"),
    Script("hinglish", "book", "kal shaam CT brain mumbai mein", names_everything=True),
    Script("hinglish", "book", "mummy ke liye pune me kal MRI knee karwana hai", names_everything=True),
    Script("hinglish", "book", "sonography karwani hai"),
    Script("hinglish", "book", "mujhe delhi me xray karwana hai"),
    Script("hinglish", "book", "bhai ek mri book kar do jaipur me"),
    Script("hinglish", "action_show_prices", "CT chest ka rate kya hai pune me"),
    Script("hinglish", "action_answer_faq", "report kitne din me milti hai"),
    Script("hinglish", "action_booking_details", "meri booking kitne baje ki hai", demo_patient=15),
    Script("hinglish", "action_refund_status", "refund kab tak aayega", demo_patient=3),
    Script("hinglish", "reschedule", "appointment aage shift karna hai", demo_patient=4),
    Script("hinglish", "action_payment_status", "payment ho gaya kya mera", demo_patient=7),
    Script("hinglish", "action_my_bookings", "meri saari bookings dikhao", demo_patient=11),
    Script("hi", "book", "कल पुणे में एमआरआई घुटना करवाना है", names_everything=True),
    Script("hi", "book", "मुंबई में कल सुबह सीटी स्कैन ब्रेन", names_everything=True),
    Script("hi", "book", "अल्ट्रासाउंड बुक करना है"),
    Script("hi", "book", "मुझे एक्सरे करवाना है"),
    Script("hi", "book", "माँ के लिए मैमोग्राफी करवानी है हैदराबाद में"),
    Script("hi", "action_show_prices", "एमआरआई का कितना खर्चा आएगा"),
    Script("hi", "action_show_prep", "सीटी स्कैन से पहले क्या तैयारी करनी है"),
    Script("hi", "action_center_location", "सेंटर का पता भेज दीजिए", demo_patient=14),
    Script("hi", "action_report_status", "मेरी रिपोर्ट आई क्या", demo_patient=1),
    Script("hi", "cancel", "मेरी बुकिंग रद्द कर दो", demo_patient=15),
    Script("hi", "action_send_invoice", "बिल भेज दो", demo_patient=5),
    Script("hi", "action_handoff_to_human", "किसी इंसान से बात करवाओ"),
]


def run(url: str, dsn: str, scripts: list[Script] = SCRIPTS) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="medezy-bench-") as files:
        settings = Settings(database_url=url, storage_dir=files, secret_key="bench-" + secrets.token_hex(8))
        with bot_servers.running(settings) as servers:
            container = build(dataclasses.replace(settings, rasa_url=servers.rasa_url, rasa_token=servers.token))
            try:
                outcomes = [_converse(container, servers, script) for script in scripts]
            finally:
                container.jobs.drain()
                container.engine.dispose()
    return _figures(scripts, outcomes)


@dataclasses.dataclass
class Outcome:
    reached: bool
    messages: int
    last_reply: str


def _converse(container, servers, script: Script) -> Outcome:
    phone = _demo_phone(script.demo_patient) if script.demo_patient is not None else _new_phone()
    patient = WhatsAppPatient(create_app(container), container, phone, "Sunita Rao")
    before = _booking_state(container, phone)
    text, reply, repeated = script.first, "", False
    for sent in range(1, MAX_MESSAGES + 1):
        reply = "\n".join(patient.send(text))
        tracker = _tracker(container, servers, phone)
        if _reached(container, script, phone, before, tracker):
            return Outcome(True, sent, reply)
        text = _next_message(script, tracker["slots"])
        if text is None:  # the bot asks nothing we know how to answer: say it once more, then give up
            if repeated:
                break
            text, repeated = script.first, True
    return Outcome(False, sent, reply)


def _next_message(script: Script, slots: dict) -> str | None:
    """What a cooperative patient answers to the bot's open question, or None when there is none."""
    answers = script.answers
    asked = slots.get("requested_slot")
    if asked in answers:
        return answers[asked]
    pending, menu = slots.get("pending_action"), slots.get("menu_context")
    if menu in ("slots", "confirm", "bookings", "reschedule_slots"):
        return answers["pick"]
    if pending == "cancel":
        return answers["yes"]
    if pending == "reschedule":
        return answers["when"]
    return None


def _reached(container, script: Script, phone: str, before: tuple, tracker: dict) -> bool:
    if script.goal in ("book", "cancel", "reschedule"):
        after = _booking_state(container, phone)
        if script.goal == "book":
            return after[2] > before[2]
        if script.goal == "cancel":
            return after[0] is BookingStatus.CANCELLED
        return after[1] != before[1]
    return any(e.get("event") == "action" and e.get("name") == script.goal for e in tracker["events"])


def _booking_state(container, phone: str) -> tuple:
    """(status, slot id) of the patient's first booking, and how many of their held bookings have a link."""
    with container.uow() as uow:
        s = uow.session
        user_id = s.scalar(select(User.id).where(User.phone == phone))
        first = s.scalars(select(Booking).where(Booking.user_id == user_id).order_by(Booking.id)).first()
        linked = s.scalar(select(func.count(func.distinct(Booking.id)))
                          .join(Payment, Payment.booking_id == Booking.id)
                          .where(Booking.user_id == user_id, Booking.status == BookingStatus.HELD,
                                 Payment.link_url.is_not(None)))
        return (first.status if first else None, first.slot_id if first else None, linked or 0)


def _tracker(container, servers, phone: str) -> dict:
    with container.uow() as uow:
        conversation = uow.session.scalar(select(Conversation).where(Conversation.phone == phone))
        sender = conversation.rasa_sender_id
    response = requests.get(f"{servers.rasa_url}/conversations/{sender}/tracker",
                            params={"token": servers.token}, timeout=30)
    response.raise_for_status()
    return response.json()


def _demo_phone(index: int) -> str:
    assert 0 <= index < len(PATIENT_NAMES)
    return f"+9198{index:08d}"  # core.seed._patients


def _new_phone() -> str:
    return f"+9197{secrets.randbelow(10**8):08d}"


def _figures(scripts: list[Script], outcomes: list[Outcome]) -> dict[str, float]:
    figures: dict[str, float] = {"conversations": len(scripts),
                                 "goals_reached": sum(o.reached for o in outcomes)}
    figures["goal_rate"] = figures["goals_reached"] / len(scripts)
    for language in ANSWERS:
        mine = [o for s, o in zip(scripts, outcomes) if s.language == language]
        if mine:
            figures[f"goal_rate_{language}"] = sum(o.reached for o in mine) / len(mine)
    booked = [o.messages for s, o in zip(scripts, outcomes) if s.goal == "book" and o.reached]
    complete = [o.messages for s, o in zip(scripts, outcomes)
                if s.goal == "book" and s.names_everything and o.reached]
    figures["bookings"] = len(booked)
    figures["messages_per_booking_mean"] = statistics.mean(booked) if booked else 0.0
    figures["messages_per_booking_max"] = max(booked, default=0)
    figures["messages_when_first_names_all_max"] = max(complete, default=0)
    for script, outcome in zip(scripts, outcomes):
        if not outcome.reached:  # the misses, so whoever runs the bench can see where patients got stuck
            print(f"  missed [{script.language}] {script.goal}: {script.first!r} after {outcome.messages} "
                  f"messages; last reply {outcome.last_reply[:160]!r}", flush=True)
    return figures
