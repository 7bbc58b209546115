"""A short, renewable lease on a conversation so only one gateway job works on it at a time.

Why a lease row and not a transaction-long row lock: the job calls rasa, whose custom actions write
to the same database (register the patient, hold a slot, open a ticket, hand the chat to support).
A lock held across that call would make the action wait for the job that waits for the action.
The lease is taken and released in short transactions of its own; it expires, so a crashed worker
cannot block a conversation for longer than LEASE_SECONDS.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.models.conversations import Conversation

LEASE_SECONDS = 60


def acquire(session: Session, conversation_id: int, token: str, *, now: datetime | None = None) -> bool:
    """Take the lease if it is free or lapsed; True if this token now holds it."""
    now = now or now_utc()
    result = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id,
               or_(Conversation.lease_token.is_(None), Conversation.lease_token == token,
                   Conversation.lease_expires_at < now))
        .values(lease_token=token, lease_expires_at=now + timedelta(seconds=LEASE_SECONDS))
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def release(session: Session, conversation_id: int, token: str) -> None:
    """Give the lease back (only if this token still holds it)."""
    session.execute(
        update(Conversation).where(Conversation.id == conversation_id, Conversation.lease_token == token)
        .values(lease_token=None, lease_expires_at=None).execution_options(synchronize_session=False))
