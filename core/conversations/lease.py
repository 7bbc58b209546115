"""A short, renewable lease on a conversation so only one gateway job works on it at a time.

Why a lease row and not a transaction-long row lock: the job calls rasa, whose custom actions write
to the same database (register the patient, hold a slot, open a ticket, hand the chat to support).
A lock held across that call would make the action wait for the job that waits for the action.
The lease is taken and released in short transactions before and after that call; it expires, so a
crashed worker cannot block a conversation for longer than LEASE_SECONDS.

The statements are built once, with bound parameters: they run on every turn, and building them
anew each time cost about as much as running them.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, exists, or_, update
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.conversations import log
from core.models.conversations import Conversation

LEASE_SECONDS = 60

_ID, _TOKEN = bindparam("conversation_id"), bindparam("token")
_ACQUIRE = (
    update(Conversation)
    .where(Conversation.id == _ID, or_(Conversation.lease_token.is_(None), Conversation.lease_token == _TOKEN,
                                       Conversation.lease_expires_at < bindparam("now")))
    # The same row, so the same UPDATE opens the reply window (what log.touch_inbound does for one message).
    .values(lease_token=_TOKEN, lease_expires_at=bindparam("expires"), last_inbound_at=log.window_through_pending(_ID))
    .returning(Conversation))
_RELEASE = (update(Conversation).where(Conversation.id == _ID, Conversation.lease_token == _TOKEN)
            .values(lease_token=None, lease_expires_at=None))
_RELEASE_UNLESS_PENDING = _RELEASE.where(~exists().where(*log.pending(_ID)))
_NO_SYNC = {"synchronize_session": False}


def acquire(session: Session, conversation_id: int, token: str, *,
            now: datetime | None = None) -> Conversation | None:
    """Take (or renew) the lease if it is free, lapsed or ours; the conversation as it now is, else None.

    Taking the lease also opens the reply window through the newest message waiting to be handled.
    """
    now = now or now_utc()
    # UPDATE ... RETURNING: the lease, the window and a fresh read of the row (state, epoch) in one round trip.
    params = {"conversation_id": conversation_id, "token": token, "now": now,
              "expires": now + timedelta(seconds=LEASE_SECONDS)}
    return session.scalars(_ACQUIRE, params, execution_options={**_NO_SYNC, "populate_existing": True}).one_or_none()


def release(session: Session, conversation_id: int, token: str) -> None:
    """Give the lease back (only if this token still holds it)."""
    session.execute(_RELEASE, {"conversation_id": conversation_id, "token": token}, execution_options=_NO_SYNC)


def release_unless_pending(session: Session, conversation_id: int, token: str) -> bool:
    """Give the lease back if no inbound message waits; True if released, False if there is more to do.

    A message recorded after this statement's snapshot is not lost: its own job, enqueued after that
    message committed, takes the lease once this transaction commits.
    """
    result = session.execute(_RELEASE_UNLESS_PENDING, {"conversation_id": conversation_id, "token": token},
                             execution_options=_NO_SYNC)
    return result.rowcount == 1
