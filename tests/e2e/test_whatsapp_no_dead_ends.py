"""Random and adversarial messages through the live stack (gateway -> rasa -> actions -> core):
every message gets an answer, the bot never sends the same turn twice in a row, and a patient who
names scan, city, patient and day in the first message reaches the payment link in a few messages.

Slow (rasa loads its model); shares one rasa + action server for the module.
"""
from __future__ import annotations

import random
import secrets
import string
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.actions.timeparse import parse_when
from console.app import create_app
from core.clock import IST, now_utc
from core.models import Center, CenterService, City, Modality, Service, Slot, User, VerificationStatus
from core.models.bookings import Booking
from core.models.waitlist import WaitlistEntry
from tests.e2e.test_whatsapp_booking import own_database, stack  # noqa: F401 - the module's shared stack
from tests.whatsapp_client import WhatsAppPatient

pytestmark = pytest.mark.slow
TIMES = [time(9, 0), time(10, 0), time(10, 30), time(11, 0), time(16, 0), time(17, 0), time(18, 0)]
ADVERSARIAL = [
    "asdkjh qwe", "😂😂😂", "??", "0", "99", "२", "-1", "💉🩻", "'; drop table bookings; --", "<script>alert(1)</script>",
    "a" * 600, "मुझे कल एमआरआई करवाना है दिल्ली में", "MRI knee pune kal shaam and also tell price and prep",
    "cancel", "menu", "yes", "no", "1", "5", "kal", "female", "my bookings", "refund kab aayega",
    "hello?? anyone", "CT brain in nagpur tomorrow", "nahi", "pet", "bill chahiye", "asdf", "🙏",
    "book karo", "saadhe das baje", "the first one", "hmm", "stop", "ok", "centre kahan hai",
]


@pytest.fixture(scope="module")
def catalogue(stack):  # noqa: F811
    """Delhi with MRI Knee slots over the next days; Nagpur is served for CT Brain with no slot at all."""
    with stack.uow() as uow:
        s = uow.session
        delhi = City(name="Delhi", slug="delhi", state="Delhi", state_code="07")
        nagpur = City(name="Nagpur", slug="nagpur", state="Maharashtra", state_code="27")
        knee = Service(code="MRI-KNEE-D", name="MRI Knee", modality=Modality.MRI, body_part="Knee",
                       base_price_paise=550000, min_price_paise=400000, max_price_paise=800000,
                       prep_instructions="Remove metal objects.")
        brain = Service(code="CT-BRAIN", name="CT Brain", modality=Modality.CT, body_part="Brain",
                        base_price_paise=300000, min_price_paise=250000, max_price_paise=400000,
                        prep_instructions="No preparation needed.")
        s.add_all([delhi, nagpur, knee, brain])
        s.flush()
        center = _center(s, delhi, "Saket")
        _center(s, nagpur, "Sitabuldi")
        s.add(CenterService(center_id=center.id, service_id=knee.id, price_paise=500000))
        first = parse_when("kal", now_utc()).first_day
        s.add_all(Slot(center_id=center.id, service_id=knee.id, city_id=delhi.id, capacity=1, claimed=0,
                       starts_at=datetime.combine(first + timedelta(days=d), at, IST),
                       ends_at=datetime.combine(first + timedelta(days=d), at, IST) + timedelta(minutes=40))
                  for d in range(4) for at in TIMES)
        uow.commit()


def _center(session, city: City, area: str) -> Center:
    center = Center(code=f"E2E-{area.upper()}-{secrets.token_hex(2)}", name=f"{area} Imaging {secrets.token_hex(2)}",
                    city_id=city.id, area=area,
                    address=f"1, {area} Road", pincode="110017", latitude=28.52, longitude=77.2,
                    phone="+911112345678", email="c@imaging.in", verification_status=VerificationStatus.VERIFIED)
    session.add(center)
    session.flush()
    return center


def _patient(stack) -> WhatsAppPatient:  # noqa: F811
    return WhatsAppPatient(create_app(stack), stack, f"+9197{secrets.randbelow(10**8):08d}", "Sunita Rao")


def _turns(patient: WhatsAppPatient, messages: list[str]) -> list[str]:
    """Each message's whole reply; fails on silence or on the same reply twice in a row."""
    turns: list[str] = []
    for text in messages:
        reply = "\n\n".join(patient.send(text))
        assert reply, f"no answer to {text!r} after {messages[:len(turns)]}"
        assert not turns or reply != turns[-1], f"the same answer twice in a row to {text!r}: {reply!r}"
        turns.append(reply)
    return turns


def test_random_and_adversarial_messages_all_get_an_answer(stack, catalogue):  # noqa: F811
    rng = random.Random(14)
    pool = ADVERSARIAL + ["".join(rng.choice(string.ascii_letters + string.digits + " .!?")
                                  for _ in range(rng.randint(1, 40))) for _ in range(15)]
    rng.shuffle(pool)
    # Three misses in a row hand the chat to a person (who then answers, not the bot), so each
    # patient sends a handful of messages and a greeting resets the count between them.
    for start in range(0, len(pool), 4):
        _turns(_patient(stack), ["hi", *pool[start:start + 4]])


def test_no_slot_anywhere_offers_a_way_on_and_menu_agent_cancel_still_work(stack, catalogue):  # noqa: F811
    patient = _patient(stack)
    turns = _turns(patient, ["CT brain in nagpur kal", "nagpur", "menu", "cancel", "agent"])

    assert "No free *CT Brain* slots in Nagpur" in turns[0] and "agent" in turns[0]
    assert "Still no free *CT Brain* slot in Nagpur" in turns[1]
    assert "1. Book a scan" in turns[2]
    assert "team" in turns[4].lower()


def test_scan_city_patient_and_day_in_the_first_message_reach_the_payment_link_quickly(stack, catalogue):  # noqa: F811
    patient = _patient(stack)
    messages = ["MRI knee for my mother in delhi kal subah 10 baje", "1", "Kamla Devi Rao", "67", "female", "1"]
    turns = _turns(patient, messages)

    with stack.uow() as uow:
        user = uow.session.scalar(select(User).where(User.phone == patient.phone))
        booking = uow.session.scalar(select(Booking).where(Booking.user_id == user.id))
        assert booking is not None, turns
        assert (booking.patient_name, booking.patient_age) == ("Kamla Devi Rao", 67)
        reference = booking.reference
    assert "10 am" in turns[0]  # the asked-for time is among the offers
    assert reference in turns[-1] and len(messages) <= 6


def test_a_hindi_conversation_gets_hindi_replies(stack, catalogue):  # noqa: F811
    turns = _turns(_patient(stack), ["नमस्ते", "मुझे कल एमआरआई घुटना करवाना है", "दिल्ली"])

    assert "1. स्कैन बुक करें" in turns[0]  # an action's text, from the catalogue
    assert "सेंटर किस शहर में चाहिए" in turns[1]  # rasa's own response, varied on the reply_language slot
    assert "Delhi में *MRI Knee* के खाली स्लॉट" in turns[2]


def test_a_hinglish_conversation_gets_hinglish_replies(stack, catalogue):  # noqa: F811
    turns = _turns(_patient(stack), ["hi", "mujhe kal delhi mein MRI knee karwana hai"])

    assert "1. Book a scan" in turns[0]  # "hi" says nothing about the language yet
    assert "Delhi mein *MRI Knee* ke free slots" in turns[1]


def test_no_slot_anywhere_and_1_puts_the_patient_on_the_waitlist(stack, catalogue):  # noqa: F811
    patient = _patient(stack)
    turns = _turns(patient, ["CT brain in nagpur kal", "1"])

    assert "1. Join the waitlist" in turns[0] and "on the waitlist for *CT Brain* in Nagpur" in turns[1]
    with stack.uow() as uow:
        user = uow.session.scalar(select(User).where(User.phone == patient.phone))
        assert uow.session.scalar(select(WaitlistEntry).where(WaitlistEntry.user_id == user.id)) is not None


def test_no_slot_anywhere_and_asking_to_be_told_when_one_opens_joins_the_waitlist(stack, catalogue):  # noqa: F811
    patient = _patient(stack)
    turns = _turns(patient, ["CT brain in nagpur kal", "koi slot khule to batana"])

    assert "waitlist" in turns[1] and "*CT Brain*" in turns[1] and "Nagpur" in turns[1]
    with stack.uow() as uow:
        user = uow.session.scalar(select(User).where(User.phone == patient.phone))
        assert uow.session.scalar(select(WaitlistEntry).where(WaitlistEntry.user_id == user.id)) is not None


def test_asking_for_the_waitlist_before_any_search_searches_first(stack, catalogue):  # noqa: F811
    turns = _turns(_patient(stack), ["tell me when a slot opens", "CT brain", "nagpur", "kal"])

    assert "First let me look for a free slot" in turns[0] and "scan" in turns[0].lower()
    assert "No free *CT Brain* slots in Nagpur" in turns[3] and "1. Join the waitlist" in turns[3]


def test_no_saturday_inside_the_form_changes_only_the_day(stack, catalogue):  # noqa: F811
    parso = parse_when("parso", now_utc())
    turns = _turns(_patient(stack), ["MRI knee kal", "no, parso", "delhi"])

    assert "Which city" in turns[0] and f"changed to {parso.label}" in turns[1] and "Which city" in turns[1]
    assert f"Free *MRI Knee* slots in Delhi ({parso.label})" in turns[2]
