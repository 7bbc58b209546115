"""Fixtures for the custom-action tests: the bot's domain, real rasa_sdk Trackers, committed test data.

Actions open their own units of work on the container (as in the action server), so test data is
committed (`committed`), and assertions read the database through a fresh session (`read`). Every
turn's metadata is signed as the gateway signs it (core.conversations.identity) unless a test forges it.
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from datetime import timedelta

from bot import texts
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.conversations import identity
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment, PaymentStatus
from core.models.services import Modality
from core.models.users import Role, User
from tests.factories import Factories

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"


def load_domain() -> dict:
    """bot/domain/*.yml merged the way rasa merges a domain directory."""
    merged: dict[str, Any] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
    return merged


@pytest.fixture(scope="session")
def bot_domain() -> dict:
    return load_domain()


class CommittedFactories(Factories):
    """Factories whose every object is committed, so the actions' own sessions see it."""

    def _save(self, obj):
        saved = super()._save(obj)
        self.session.commit()
        return saved


@pytest.fixture
def committed(container) -> Iterator[CommittedFactories]:
    with container.session_factory() as session:
        yield CommittedFactories(session)


@pytest.fixture
def read(container):
    """`with read() as session:` a fresh session that sees what the actions committed."""
    @contextmanager
    def open_session() -> Iterator[Session]:
        with container.session_factory() as session:
            yield session
    return open_session


@dataclass
class Reply:
    events: list[dict]
    messages: list[dict]

    @property
    def slots(self) -> dict[str, Any]:
        """The value each SlotSet left, last one winning."""
        return {e["name"]: e["value"] for e in self.events if e.get("event") == "slot"}

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages if m.get("text")]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def responses(self) -> list[str | None]:
        """The catalogue id (bot/texts) of each message sent, in whichever language; None for free text."""
        return [message_id_of(text) for text in self.texts]


def message_id_of(text: str) -> str | None:
    for message_id, languages in texts.catalogue().items():
        for template in languages.values():
            parts = re.split(r"\{[a-z_]+\}", template)
            if re.fullmatch("(.*?)".join(map(re.escape, parts)), text, flags=re.DOTALL):
                return message_id
    return None


@dataclass
class Chat:
    """One patient's WhatsApp chat as the action server sees it: slots, latest message, metadata."""

    domain: dict
    user: User
    conversation_id: int | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    key: bytes = b""  # the gateway's identity signing key; empty sends the metadata unsigned

    def tracker(self, text: str = "", *, intent: str | None = None, entities: list[dict] | None = None,
                slots: dict[str, Any] | None = None, set_now: dict[str, Any] | None = None,
                events: list[dict] | None = None, metadata: dict | None = None,
                active_loop: str | None = None, latest_action: str | None = None, signed: bool = True) -> Tracker:
        """A Tracker after the patient wrote `text`; `set_now` are slots this message filled (to validate)."""
        values = {name: None for name in self.domain["slots"]}
        values.update(self.slots, **(slots or {}), **(set_now or {}))
        meta = {"phone": self.user.phone, "user_id": self.user.id, "conversation_id": self.conversation_id,
                "profile_name": self.user.name, "media": []} if metadata is None else metadata
        sender = f"conv-{self.conversation_id or 0}-0"
        if signed and self.key:
            meta = identity.sign(self.key, sender=sender, metadata=meta, now=now_utc())
        latest = {"text": text, "intent": {"name": intent or "inform", "confidence": 1.0},
                  "entities": entities or [], "metadata": meta}
        user_event = {"event": "user", "text": text, "parse_data": latest, "metadata": meta}
        history = [*(events or []), user_event, *({"event": "slot", "name": k, "value": v}
                                                   for k, v in (set_now or {}).items())]
        loop = {"name": active_loop} if active_loop else {}
        return Tracker(sender, values, latest, history, False, None, loop, latest_action)

    def run(self, action: Action, text: str = "", **kwargs: Any) -> Reply:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, self.tracker(text, **kwargs), self.domain))
        reply = Reply(list(events), dispatcher.messages)
        self.slots.update(reply.slots)  # the conversation remembers, as rasa's tracker would
        return reply


@pytest.fixture
def chat(bot_domain, committed, container) -> Chat:
    """A chat with a fresh registered patient, its turns signed by the gateway."""
    return Chat(bot_domain, committed.patient(name="Anil Verma"),
                key=identity.signing_key(container.settings.secret_key))


@pytest.fixture
def two_elbow_scans(committed):
    """Two scans of one rare body part, so a match is unambiguous whatever else the database holds."""
    part = f"Elbow{committed.city().id}"
    mri = committed.service(code=f"MRI-{part}", name=f"MRI {part}", modality=Modality.MRI, body_part=part)
    xray = committed.service(code=f"XRAY-{part}", name=f"X-ray {part}", modality=Modality.XRAY, body_part=part)
    return part, mri, xray


@pytest.fixture
def book(chat, committed):
    """Hold a slot for the chat's patient `days` ahead, moved on to `status`."""
    def make(status: BookingStatus = BookingStatus.HELD, *, days: int = 3, center=None, service=None) -> Booking:
        slot = committed.slot(center, service, starts_at=now_utc() + timedelta(days=days))
        session = committed.session
        booking = bookings.hold(session, actor=Actor.of(chat.user), user_id=chat.user.id, slot_id=slot.id,
                                patient=bookings.PatientDetails(name="Anil Verma", age=45))
        if status is not BookingStatus.HELD:
            bookings.mark_paid(session, booking_id=booking.id)
            session.add(Payment(booking_id=booking.id, amount_paise=booking.price_paise, status=PaymentStatus.PAID,
                                provider="sandbox", paid_at=now_utc()))
        if status in (BookingStatus.CONFIRMED, BookingStatus.CANCELLED):
            bookings.confirm(session, actor=Actor(Role.OPS_MANAGER), booking_id=booking.id)
        if status is BookingStatus.CANCELLED:
            bookings.cancel(session, actor=Actor(Role.OPS_MANAGER), booking_id=booking.id, reason="centre closed")
        session.commit()
        return booking
    return make
