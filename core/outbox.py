"""Transactional outbox.

Services `emit` domain events into the caller's transaction; after commit the unit of work hands the
new ids to a dispatcher (RQ in production, a background thread in the embedded default). If that
hand-off fails (Redis down, process killed) the rows stay undelivered and `redispatch_stale` picks them
up again, so an outage delays events but never loses them. Delivery is idempotent per message.

Handlers are `handler(session, payload, c)`: `c` is the process container the job runner passes in
(wiring.container.Container: settings, adapters, jobs), so handlers never look their adapters up.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import topics
from core.db import utcnow
from core.models.outbox import OutboxMessage

log = logging.getLogger(__name__)
_NEW = "medezy_outbox_new"

Handler = Callable[[Session, dict, Any], None]  # (session, payload, process container)
Dispatcher = Callable[[Sequence[int]], None]


def emit(session: Session, topic: str, **payload: object) -> OutboxMessage:
    """Write a domain event in the caller's transaction; the topic must be one of core.topics."""
    if topic not in topics.ALL:
        raise ValueError(f"unknown outbox topic {topic!r}: add it to core/topics.py (and give it a handler)")
    message = OutboxMessage(topic=topic, payload=payload)
    session.add(message)
    session.info.setdefault(_NEW, []).append(message)
    return message


def pop_new(session: Session) -> list[OutboxMessage]:
    """Messages emitted in this transaction (their ids are known once it is flushed)."""
    return session.info.pop(_NEW, [])


def forget_new(session: Session) -> None:
    session.info.pop(_NEW, None)


def deliver(session: Session, message_id: int, handlers: Mapping[str, Sequence[Handler]], c: Any) -> bool:
    """Run the handlers of one message once; returns False if it was already delivered."""
    message = session.execute(
        select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update()
    ).scalar_one_or_none()
    if message is None or message.delivered_at is not None:
        return False
    message.attempts += 1
    for handler in handlers.get(message.topic, ()):
        handler(session, dict(message.payload), c)
    message.delivered_at = utcnow()
    return True


def stale_ids(session: Session, *, older_than: timedelta = timedelta(minutes=1),
              now: datetime | None = None, limit: int = 500) -> list[int]:
    """Undelivered messages old enough that their first dispatch must have been lost."""
    cutoff = (now or utcnow()) - older_than
    query = (select(OutboxMessage.id).where(OutboxMessage.delivered_at.is_(None),
                                            OutboxMessage.created_at <= cutoff)
             .order_by(OutboxMessage.id).limit(limit))
    return list(session.scalars(query))


def safe_dispatch(dispatch: Dispatcher, ids: Sequence[int]) -> None:
    """Hand ids to the job queue; failure is logged, not raised: the sweep will retry."""
    if not ids:
        return
    try:
        dispatch(ids)
    except Exception:  # noqa: BLE001 - any queue failure must not undo a committed change
        log.warning("outbox dispatch failed for %s; the sweep will redispatch", list(ids), exc_info=True)
