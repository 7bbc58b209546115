"""Notification fixtures: a container with real commits, a booking, and helpers to run the outbox."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from wiring import tasks
from wiring.container import build as build_container
from core import outbox
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.conversations import log
from core.models import Booking
from core.models.notifications import Notification
from core.settings import Settings
from tests.factories import Factories


def notify_settings(pg_url: str, tmp_path, **overrides) -> Settings:
    values = dict(database_url=pg_url, storage_dir=str(tmp_path / "files"), secret_key="test-secret",
                  public_base_url="https://medezy.example", quiet_hours="", notify_callback_token="cb-token",
                  interakt_webhook_secret="ik-secret", twilio_auth_token="test-twilio-token")
    return Settings(**{**values, **overrides})


@pytest.fixture
def build(pg_url, tmp_path):
    """`build(**settings)`: a container on the test database, installed for this process."""
    built = []

    def make(**overrides):
        c = build_container(notify_settings(pg_url, tmp_path, **overrides))
        built.append(c)
        return c

    yield make
    for c in built:
        if hasattr(c.jobs, "drain"):  # the thread queue; RQ tests run their own workers
            c.jobs.drain()
        c.engine.dispose()


@pytest.fixture
def c(build):
    return build()


def paid_booking(c, *, starts_in=timedelta(days=3), email=False, prep="Remove metal objects.", chatted=True,
                 **patient) -> Booking:
    """A paid (pending) booking (with an email address if `email`); the patient wrote to us an hour ago
    unless `chatted` is False."""
    with c.uow() as uow:
        f = Factories(uow.session)
        user = f.patient(email=f"p{uuid.uuid4().hex[:10]}@example.in" if email else None, **patient)
        slot = f.slot(service=f.service(prep_instructions=prep), starts_at=now_utc() + starts_in)
        held = bookings.hold(uow.session, actor=Actor.of(user), user_id=user.id, slot_id=slot.id,
                             patient=bookings.PatientDetails(name="Meera Pillai"))
        bookings.mark_paid(uow.session, booking_id=held.id)
        if chatted:
            log.get_or_create(uow.session, phone=user.phone).last_inbound_at = now_utc() - timedelta(hours=1)
        outbox.pop_new(uow.session)  # tests deliver the events they are about
        uow.session.commit()
        return held


def deliver(c, topic: str, **payload) -> None:
    """Emit and deliver one outbox event, then run every job it caused."""
    with c.uow() as uow:
        message = outbox.emit(uow.session, topic, **payload)
        uow.session.commit()
    tasks.deliver_outbox(c, message.id)
    c.jobs.drain()


def rows(c, **where) -> list[Notification]:
    with c.session_factory() as session:
        query = select(Notification).order_by(Notification.id)
        for name, value in where.items():
            query = query.where(getattr(Notification, name) == value)
        return list(session.scalars(query))
