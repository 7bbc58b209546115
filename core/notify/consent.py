"""The consent ledger: per patient, channel and category, every opt-in and opt-out with its purpose."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.clock import now_utc
from core.models.notifications import Category, Channel, ConsentEntry
from core.models.users import User

# Replies that mean "stop messaging me" (WhatsApp and SMS conventions, English and Hindi).
STOP_WORDS = frozenset({"stop", "stop all", "unsubscribe", "opt out", "optout", "band karo", "बंद करो", "रोको"})


def is_stop(text: str) -> bool:
    return " ".join((text or "").lower().split()).strip(" .!") in STOP_WORDS


def record(session: Session, *, actor: Actor, user_id: int, channel: Channel, category: Category,
           granted: bool, purpose: str, source: str, now: datetime | None = None) -> ConsentEntry:
    """Append one consent decision (the ledger is never edited; the newest entry wins)."""
    entry = ConsentEntry(user_id=user_id, channel=channel, category=category, granted=granted,
                         purpose=purpose[:200], source=source[:40], at=now or now_utc())
    session.add(entry)
    audit.record(session, actor=actor, action="consent.granted" if granted else "consent.withdrawn",
                 entity_type="user", entity_id=user_id,
                 after={"channel": channel.value, "category": category.value, "purpose": purpose, "source": source})
    return entry


def opt_out(session: Session, *, actor: Actor, user_id: int, channel: Channel, source: str) -> None:
    """STOP: withdraw every category on that channel."""
    for category in Category:
        record(session, actor=actor, user_id=user_id, channel=channel, category=category, granted=False,
               purpose=f"patient replied STOP on {channel.value}", source=source)


def allows(session: Session, *, user_id: int, channel: Channel, category: Category) -> bool:
    """Whether we may message this patient on this channel for this category now."""
    latest = session.scalar(select(ConsentEntry.granted).where(
        ConsentEntry.user_id == user_id, ConsentEntry.channel == channel, ConsentEntry.category == category)
        .order_by(ConsentEntry.id.desc()).limit(1))
    if latest is None:
        # Utility messages about the patient's own booking need no separate opt-in (WhatsApp utility,
        # DLT service-implicit); marketing always needs an explicit one.
        return category is Category.UTILITY
    return latest


def history(session: Session, *, user_id: int) -> list[ConsentEntry]:
    """The ledger of one patient, oldest first."""
    return list(session.scalars(select(ConsentEntry).where(ConsentEntry.user_id == user_id)
                                .order_by(ConsentEntry.id)))


def stop_if_asked(session: Session, *, phone: str, text: str, channel: Channel) -> bool:
    """An inbound 'STOP' from a known patient's number opts them out of that channel; True if it did."""
    if not is_stop(text):
        return False
    user = session.scalar(select(User).where(User.phone == phone))
    if user is None:
        return False
    opt_out(session, actor=Actor.of(user), user_id=user.id, channel=channel, source=f"{channel.value} STOP")
    return True
