"""A whole WhatsApp booking through the real stack: signed Twilio webhooks -> our gateway -> job ->
the trained rasa server -> our action server -> core on Postgres -> the sandbox provider.

Slow (rasa takes 20-90 s to load) and never skipped: without a trained model it fails and says how
to train one.
"""
from __future__ import annotations

import dataclasses
import secrets
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.actions.timeparse import parse_when
from console.app import create_app
from core.clock import IST, now_utc
from core.models import Center, CenterService, City, Modality, Service, Slot, User, VerificationStatus
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment, PaymentStatus
from core.settings import Settings
from tests import bot_servers, services
from tests.whatsapp_client import WhatsAppPatient
from wiring.container import build

pytestmark = pytest.mark.slow
EVENING = [time(16, 30), time(17, 0), time(17, 30), time(18, 30), time(19, 0)]


@pytest.fixture(scope="module")
def own_database():
    """A database of its own: other tests' catalogue rows ("MRI Knee 17") would change the bot's menus."""
    with services.fresh_database("medezy_e2e") as url:
        yield url


@pytest.fixture(scope="module")
def stack(own_database, tmp_path_factory):
    """The action server and rasa on that database, and a console container talking to them."""
    settings = Settings(database_url=own_database, storage_dir=str(tmp_path_factory.mktemp("files")),
                        secret_key="e2e-" + secrets.token_hex(8))
    with bot_servers.running(settings) as servers:
        built = build(dataclasses.replace(settings, rasa_url=servers.rasa_url, rasa_token=servers.token))
        try:
            yield built
        finally:
            built.jobs.drain()
            built.engine.dispose()


@pytest.fixture(scope="module")
def pune_mri_knee(stack):
    """A verified Pune centre offering MRI Knee at five evening times on the day 'kal' means now."""
    day = parse_when("kal shaam", now_utc()).first_day
    with stack.uow() as uow:
        s = uow.session
        city = City(name="Pune", slug="pune", state="Maharashtra", state_code="27")
        service = Service(code="MRI-KNEE", name="MRI Knee", modality=Modality.MRI, body_part="Knee",
                          base_price_paise=550000, min_price_paise=400000, max_price_paise=800000,
                          prep_instructions="Remove metal objects.")
        s.add_all([city, service])
        s.flush()
        tag = secrets.token_hex(3)
        center = Center(code=f"E2E-{tag}", name=f"E2E Imaging {tag}", city_id=city.id, area="Baner",
                        address="12, Baner Road", pincode="411045", latitude=18.559, longitude=73.7868,
                        phone="+912012345678", email="e2e@imaging.in", verification_status=VerificationStatus.VERIFIED)
        s.add(center)
        s.flush()
        s.add(CenterService(center_id=center.id, service_id=service.id, price_paise=520000))
        s.add_all(Slot(center_id=center.id, service_id=service.id, city_id=city.id, capacity=1, claimed=0,
                       starts_at=datetime.combine(day, at, IST), ends_at=datetime.combine(day, at, IST)
                       + timedelta(minutes=40)) for at in EVENING)
        uow.commit()
        return center.id


def test_a_patient_books_an_mri_on_whatsapp_and_gets_a_payment_link_for_the_hold(stack, pune_mri_knee):
    phone = f"+9198{secrets.randbelow(10**8):08d}"
    patient = WhatsAppPatient(create_app(stack), stack, phone, "Anil Verma")

    assert "1. Book a scan" in _text(patient.send("hi"))
    assert "Which scan" in _text(patient.send("1"))
    assert "Which city" in _text(patient.send("MRI knee"))
    assert "When would you like to go" in _text(patient.send("Pune"))
    options = _text(patient.send("kal shaam"))
    assert "MRI Knee" in options and "1. " in options and "₹" in options
    assert "Who is this scan for" in _text(patient.send("2"))
    assert "age" in _text(patient.send("1"))  # for myself: the name is known from WhatsApp, the age is not
    assert "sex" in _text(patient.send("45")).lower()
    summary = _text(patient.send("1"))
    assert "Please confirm" in summary and "Anil Verma (45, M)" in summary
    held = _text(patient.send("1"))

    with stack.uow() as uow:
        user = uow.session.scalar(select(User).where(User.phone == phone))
        booking = uow.session.scalar(select(Booking).where(Booking.user_id == user.id))
        payment = uow.session.scalar(select(Payment).where(Payment.booking_id == booking.id))
        assert booking.status is BookingStatus.HELD and booking.center_id == pune_mri_knee
        assert (booking.patient_name, booking.patient_age, booking.price_paise) == ("Anil Verma", 45, 520000)
        assert booking.hold_expires_at - booking.created_at == timedelta(minutes=stack.settings.hold_minutes)
        assert booking.slot.starts_at.astimezone(IST).time() == EVENING[1]  # the second option
        assert payment.status is PaymentStatus.CREATED and payment.expires_at == booking.hold_expires_at
        assert uow.session.get(Slot, booking.slot_id).claimed == 1
        assert "Slot held" in held and booking.reference in held and payment.link_url in held


def _text(replies: list[str]) -> str:
    """One bot turn's messages (rasa's REST channel splits a text at each blank line)."""
    assert replies, "the bot did not answer"
    return "\n\n".join(replies)
