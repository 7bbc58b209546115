"""A booking's whole journey on real Postgres and Redis, through the real webhooks and the partner panel.

The patient writes on WhatsApp: each message is a signed Twilio webhook into our gateway, whose job (on RQ,
drained by a burst worker in this process) asks "rasa" over HTTP. Rasa's dialogue is scripted here (the
trained model is tests/e2e's business and takes minutes to load), but the slot is held by the bot's real
action_hold_slot running on the gateway's signed metadata, as the action server would run it. The patient
pays on the sandbox checkout, which fires the signed payment webhook Razorpay would. The center is alerted,
confirms in the panel, completes the scan and uploads the report; the patient receives the confirmation
with the address, the report link and the NPS question on WhatsApp, and the center's Route transfer is
released.
"""
from __future__ import annotations

import asyncio
import io
import re
from datetime import timedelta

import pytest
from rasa_sdk import Tracker
from rq.registry import FailedJobRegistry
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select, update

import bot.actions
from adapters.rq_jobs import QUEUE_NAME, RQJobQueue, SimpleContainerWorker
from bot.actions.booking import HoldSlot
from console.app import create_app
from core.clock import now_utc
from core.models import (Booking, BookingStatus, Conversation, Message, Notification, PartnerAccount, Role,
                         RouteStatus, Slot, Transfer)
from core.models.conversations import Direction
from core.settings import Settings
from tests.conftest import csrf_token, sent_code
from tests.factories import Factories
from tests.fake_http import FakeServer
from tests.gateway.conftest import FakeRasa
from tests.partner_panel.conftest import PDF, post_page_form
from tests.whatsapp_client import WhatsAppPatient
from wiring.container import build

PHONE = "+919812300042"


class ScriptedDialogue:
    """Rasa's side of the chat: offers the center's slot, and on "1" runs the bot's real hold action."""

    def __init__(self, slot_id: int) -> None:
        self.slot_id = slot_id

    def __call__(self, turn: dict) -> list[dict]:
        if turn["message"] != "1":
            return [{"recipient_id": turn["sender"], "text": "MRI Brain, Lotus Diagnostics, today.\n1. Confirm & pay"}]
        latest = {"text": "1", "intent": {"name": "affirm", "confidence": 1.0}, "entities": [],
                  "metadata": turn["metadata"]}  # signed by the gateway; the action refuses it otherwise
        slots = {"selected_slot_id": str(self.slot_id), "patient_name": "Meera Iyer", "patient_age": "52"}
        dispatcher = CollectingDispatcher()
        asyncio.run(HoldSlot().run(dispatcher, Tracker(turn["sender"], slots, latest, [], False, None, {}, None), {}))
        return [{"recipient_id": turn["sender"], **message} for message in dispatcher.messages]


@pytest.fixture
def world(pg_url, redis_url, tmp_path):
    rasa = FakeRasa()
    with FakeServer(rasa) as server:
        settings = Settings(database_url=pg_url, redis_url=redis_url, storage_dir=str(tmp_path / "files"),
                            secret_key="test-secret", quiet_hours="", public_base_url="https://medezy.example",
                            twilio_auth_token="test-twilio-token", messaging_provider="sandbox",
                            rasa_url=server.url, rasa_token="rasa-secret")
        container = build(settings)
        assert isinstance(container.jobs, RQJobQueue)  # the jobs below really go through Redis
        container.jobs.queue.empty()
        bot.actions.start(container)
        yield container, rasa
        bot.actions.start(None)
        container.engine.dispose()


def _run_jobs(container) -> None:
    """What the worker does: every queued job (and the jobs those enqueue) until Redis holds none."""
    SimpleContainerWorker([QUEUE_NAME], connection=container.jobs.connection, container=container).work(burst=True)


def test_booked_on_whatsapp_confirmed_and_reported_in_the_panel_then_paid_out(world):
    container, rasa = world
    center, partner, slot_id = _center(container)
    rasa.answer = ScriptedDialogue(slot_id)
    app = create_app(container)
    app.config.update(TESTING=True)
    patient = WhatsAppPatient(app, container, PHONE, "Meera")

    # The patient asks on WhatsApp and confirms: the bot holds the slot and answers with a payment link.
    patient.post("MRI brain in Pune today")
    _run_jobs(container)
    sid = patient.post("1")
    _run_jobs(container)
    held = patient.replies(sid, "1")
    link = re.search(r"/sandbox/pay/(\S+)", "\n".join(held)).group(1)
    booking = _booking(container, slot_id)
    assert booking.status is BookingStatus.HELD and booking.reference in "\n".join(held)

    # The patient pays on the checkout page: the signed payment webhook marks the booking paid.
    web = app.test_client()
    page = web.get(f"/sandbox/pay/{link}").get_data(as_text=True)
    assert web.post(f"/sandbox/pay/{link}", data={"csrf_token": csrf_token(page), "pay": "Pay"}).status_code == 200
    _run_jobs(container)
    assert _booking(container, slot_id).status is BookingStatus.PENDING
    assert "center_new_booking" in _center_alerts(container, center.id)

    # The center sees it awaiting confirmation (the menu's badge) and confirms it in the panel.
    desk = _signed_in(app, container, partner.phone)
    home = desk.get("/partner/").get_data(as_text=True)
    assert booking.reference in home and 'class="badge-new"' in home
    details = f"/partner/bookings/details/?id={booking.id}"
    assert post_page_form(desk, details, "action-confirm").status_code == 302
    _run_jobs(container)
    confirmed = _whatsapp(container)[-1]
    assert center.address in confirmed and "MRI Brain" in confirmed

    # The scan's hour comes; the center marks it completed, then uploads the report.
    _scan_time_arrives(container, slot_id)
    assert post_page_form(desk, details, "action-complete").status_code == 302
    uploaded = post_page_form(desk, details, "report-upload", label="MRI Brain",
                              files={"file": (io.BytesIO(PDF), "mri-brain.pdf", "application/pdf")})
    assert uploaded.status_code == 302
    _run_jobs(container)

    told = "\n".join(_whatsapp(container))
    assert "0-10" in told and [t["name"] for t in rasa.triggered] == ["EXTERNAL_nps_request"]  # asked via the bot
    link_to_report = re.search(r"https?://\S+/files/reports/\S+", told).group(0)
    report = web.get(link_to_report[link_to_report.index("/files/"):])
    assert report.status_code == 200 and report.data == PDF
    assert report.headers["Content-Disposition"].startswith("attachment")
    with container.session_factory() as session:
        transfer = session.scalar(select(Transfer).where(Transfer.center_id == center.id))
        assert transfer is not None and not transfer.on_hold and transfer.released_at is not None
        assert session.get(Booking, booking.id).status is BookingStatus.COMPLETED
    money = desk.get("/partner/settlements/").get_data(as_text=True)
    assert booking.reference in money and "on hold" not in money  # the center sees its released transfer
    assert FailedJobRegistry(queue=container.jobs.queue).count == 0


def _signed_in(app, container, phone: str):
    """The center's staff signs in through /login; the code goes out on a job like every message."""
    desk = app.test_client()
    token = csrf_token(desk.get("/login").get_data(as_text=True))
    assert desk.post("/login", data={"phone": phone, "csrf_token": token}).status_code == 302
    _run_jobs(container)
    token = csrf_token(desk.get("/login/code").get_data(as_text=True))
    signed_in = desk.post("/login/code", data={"code": sent_code(container, phone), "csrf_token": token})
    assert signed_in.status_code == 302
    return desk


def _center(container):
    with container.uow() as uow:
        f = Factories(uow.session)
        center, service = f.center(), f.service(name="MRI Brain")
        uow.session.add(PartnerAccount(center_id=center.id, provider_account_id=f"acc_{center.id}",
                                       status=RouteStatus.ACTIVATED))
        partner = f.staff(Role.PARTNER_STAFF, center=center)
        slot = f.slot(center, service, starts_at=now_utc() + timedelta(hours=3), price_paise=450000)
        uow.commit()
        return center, partner, slot.id


def _booking(container, slot_id: int) -> Booking:
    with container.session_factory() as session:
        return session.scalar(select(Booking).where(Booking.slot_id == slot_id))


def _center_alerts(container, center_id: int) -> list[str]:
    with container.session_factory() as session:
        return list(session.scalars(select(Notification.trigger).where(Notification.center_id == center_id)))


def _whatsapp(container) -> list[str]:
    """What the patient has received on WhatsApp so far, oldest first."""
    with container.session_factory() as session:
        conversation = session.scalar(select(Conversation).where(Conversation.phone == PHONE))
        return list(session.scalars(select(Message.body).where(Message.conversation_id == conversation.id,
                                                               Message.direction == Direction.OUT)
                                    .order_by(Message.id)))


def _scan_time_arrives(container, slot_id: int) -> None:
    """Time passes: move the scan to half an hour ago (completing a scan before it starts is refused)."""
    with container.uow() as uow:
        start = now_utc() - timedelta(minutes=30)
        uow.session.execute(update(Slot).where(Slot.id == slot_id).values(starts_at=start,
                                                                        ends_at=start + timedelta(minutes=30)))
        uow.commit()
