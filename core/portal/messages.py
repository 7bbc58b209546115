"""What we sent the patient (when, on which channel, what became of it) and their consent per channel.

Consent is the ledger in core.notify.consent: choices made here are appended with source "portal".
Booking messages (utility) may be turned off per channel too; the page says what that means.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.errors import ValidationError
from core.models.notifications import Category, Channel, Notification
from core.models.users import Role
from core.notify import consent

PER_PAGE = 25
# Messages whose text carries a secret the patient must open elsewhere (a sign-in code, an email
# confirmation link): the list names them but never shows the text.
_SECRET_TRIGGERS = frozenset({"email_verification", "sign_in_code"})


@dataclass(frozen=True)
class Choice:
    channel: Channel
    category: Category
    allowed: bool


def sent(session: Session, *, actor: Actor, number: int = 1) -> tuple[list[Notification], bool]:
    """A page of the patient's messages, newest first, and whether there is an older page."""
    actor.require(Role.PATIENT)
    number = max(1, number)
    rows = list(session.scalars(select(Notification).where(Notification.user_id == actor.user_id)
                                .order_by(Notification.created_at.desc(), Notification.id.desc())
                                .offset((number - 1) * PER_PAGE).limit(PER_PAGE + 1)))
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def shown_text(row: Notification) -> str:
    """The text as the patient may read it here."""
    return "" if row.trigger in _SECRET_TRIGGERS else (row.body or "")


def choices(session: Session, *, actor: Actor) -> list[Choice]:
    """The patient's current choice for every channel and category."""
    actor.require(Role.PATIENT)
    return [Choice(channel, category, consent.allows(session, user_id=actor.user_id, channel=channel,
                                                     category=category))
            for channel in Channel for category in Category]


def choose(session: Session, *, actor: Actor, channel: str, category: str, allowed: bool, now: datetime) -> None:
    """Record one consent choice made in the portal."""
    actor.require(Role.PATIENT)
    try:
        picked_channel, picked_category = Channel(channel), Category(category)
    except ValueError:
        raise ValidationError("Pick one of the channels and kinds of message shown.") from None
    consent.record(session, actor=actor, user_id=actor.user_id, channel=picked_channel, category=picked_category,
                   granted=allowed, source="portal", now=now,
                   purpose=f"{picked_category.value} messages on {picked_channel.value}, set in the portal")
