"""What every action needs: a unit of work on this process's container, and who is writing.

The action server is its own process; its composition root (wiring.action_server) builds the container
once at start-up and hands it to this package's root (bot.actions.running_container). Who is writing
comes only from metadata the gateway signed (core.conversations.identity); a tracker without it is
refused. Actions run their database work in a worker thread (`asyncio.to_thread`) so one slow query does
not stall every other conversation on the server's event loop.
"""
from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from bot import texts
from bot.actions import refusals, running_container
from core import patients
from core.actors import Actor
from core.clock import now_utc
from core.conversations import identity
from core.errors import DomainError
from core.models.users import Role, User

if TYPE_CHECKING:
    from wiring.container import Container

log = logging.getLogger(__name__)


def metadata(tracker: Tracker) -> dict[str, Any]:
    """The gateway's metadata for this turn (phone, user_id, conversation_id, profile_name, media)."""
    found = (tracker.latest_message or {}).get("metadata") or tracker.get_slot("session_started_metadata")
    return found if isinstance(found, dict) else {}


def vouched(c: Container, tracker: Tracker) -> dict | None:
    """This turn's metadata if the gateway signed it for this conversation, else None."""
    found = identity.verified(identity.signing_key(c.settings.secret_key), sender=tracker.sender_id,
                              metadata=(tracker.latest_message or {}).get("metadata"), now=now_utc())
    if found is None:
        log.warning("refused to act for %s: the turn carries no valid gateway signature", tracker.sender_id)
    return found


def identify(c: Container, session: Session, tracker: Tracker) -> User | None:
    """The patient writing, by the gateway's signed user id or phone (registered on first contact); else None."""
    meta = vouched(c, tracker)
    if meta is None:
        return None
    phone = meta.get("phone")
    user = _by_id(session, meta.get("user_id"))
    if user is not None and (not phone or user.phone == patients.normalise_phone(str(phone))):
        return user
    if not phone:
        return None
    user, _ = patients.get_or_register(session, phone=str(phone), name=meta.get("profile_name"))
    return user


def _by_id(session: Session, user_id: object) -> User | None:
    try:
        user = session.get(User, int(user_id)) if user_id is not None else None
    except (TypeError, ValueError):
        return None
    return user if user is not None and user.role is Role.PATIENT else None


def payment_provider(c: Container):
    """This process's payment provider (wiring.container builds it from MEDEZY_PAYMENT_PROVIDER)."""
    return c.adapters["payments"]


@dataclass
class Turn:
    """One action run: the session, the patient, the tracker and where replies go."""

    c: Container
    session: Session
    user: User
    tracker: Tracker
    dispatcher: CollectingDispatcher
    now: datetime

    @property
    def actor(self) -> Actor:
        return Actor.of(self.user)

    @property
    def finance(self):
        """The finance configuration (fees, refund approval threshold) of this process."""
        return self.c.adapters["finance"]

    @property
    def text(self) -> str:
        return ((self.tracker.latest_message or {}).get("text") or "").strip()

    @property
    def intent(self) -> str | None:
        return ((self.tracker.latest_message or {}).get("intent") or {}).get("name")

    @property
    def language(self) -> str:
        """The reply language action_validate_slot_mappings chose for this message (bot/actions/language.py)."""
        return language_of(self.tracker)

    def slot(self, name: str) -> Any:
        return self.tracker.get_slot(name)

    def words(self, message_id: str, **values: Any) -> str:
        """A catalogue message (bot/texts) in the patient's language, to send or to build a reply from."""
        return texts.text(message_id, self.language, **values)

    def say(self, text: str) -> None:
        self.dispatcher.utter_message(text=text)

    def tell(self, message_id: str, **values: Any) -> None:
        self.say(self.words(message_id, **values))

    def respond(self, response: str, **values: Any) -> None:
        """A domain response, rendered here from the same catalogue so its language is the turn's."""
        self.tell(response, **values)


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("reply_language") or "en"


class PatientAction(Action, ABC):
    """An action that runs in one unit of work for the patient who wrote, committed if it succeeds.

    A DomainError rolls the turn back and its message is the reply, in the patient's language when
    bot.actions.refusals has words for it.
    """

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def act(self, turn: Turn) -> list[dict[str, Any]]: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        return await asyncio.to_thread(self._run, dispatcher, tracker)

    def _run(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
        c = running_container()
        with c.uow() as uow:
            user = identify(c, uow.session, tracker)
            if user is None:
                dispatcher.utter_message(text=texts.text("unknown_sender", language_of(tracker)))
                return []
            turn = Turn(c, uow.session, user, tracker, dispatcher, now_utc())
            try:
                events = self.act(turn)
            except DomainError as error:
                uow.rollback()
                dispatcher.utter_message(text=refusals.message_for(error, language_of(tracker)))
                return []
            except Exception:  # noqa: BLE001 - the patient must get an answer, never silence
                log.exception("action %s failed for %s", self.name(), tracker.sender_id)
                uow.rollback()
                dispatcher.utter_message(text=texts.text("something_broke", language_of(tracker)))
                return []
            uow.commit()
            return events
