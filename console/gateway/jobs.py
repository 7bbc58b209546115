"""The gateway's background job: work through a conversation's inbound messages, oldest first."""
from __future__ import annotations

import logging
import time
import uuid

from console.bootstrap import Container, container
from console.gateway import turns
from core.conversations import lease
from core.conversations import log as conversation_log
from core.models.conversations import Message

log = logging.getLogger(__name__)
PROCESS_JOB = "console.gateway.jobs.process_conversation"
WAIT_FOR_LEASE_SECONDS = lease.LEASE_SECONDS + 15  # long enough for a crashed holder's lease to lapse
_POLL_SECONDS = 0.1


def process_conversation(conversation_id: int) -> int:
    """Handle every pending inbound message of a conversation in order; returns how many this run handled.

    One job is enqueued per inbound message, but whichever job holds the lease handles all pending
    messages in id order, so several workers never answer one patient out of order. A job that finds
    nothing pending (another job got there first) just returns.
    """
    c, token = container(), uuid.uuid4().hex
    if not _acquire(c, conversation_id, token):
        return 0
    handled = 0
    try:
        while (message_id := _next_pending(c, conversation_id)) is not None:
            _handle_one(c, message_id)
            handled += 1
            _renew(c, conversation_id, token)
    finally:
        _release(c, conversation_id, token)
    log.info("conversation %s: %d message(s) handled", conversation_id, handled)
    return handled


def redispatch_stalled() -> int:
    """Re-enqueue conversations whose job was lost (Redis down, worker killed); for the periodic sweep."""
    c = container()
    with c.uow() as uow:
        stalled = conversation_log.stalled_conversations(uow.session)
    for conversation_id in stalled:
        c.jobs.enqueue(PROCESS_JOB, conversation_id)
    if stalled:
        log.warning("re-enqueued %d conversation(s) with unhandled messages", len(stalled))
    return len(stalled)


def _acquire(c: Container, conversation_id: int, token: str) -> bool:
    deadline = time.monotonic() + WAIT_FOR_LEASE_SECONDS
    while True:
        with c.uow() as uow:
            if conversation_log.next_pending(uow.session, conversation_id) is None:
                return False
            if lease.acquire(uow.session, conversation_id, token):
                uow.commit()
                return True
        if time.monotonic() > deadline:
            raise TimeoutError(f"conversation {conversation_id} stayed busy for {WAIT_FOR_LEASE_SECONDS}s")
        time.sleep(_POLL_SECONDS)


def _handle_one(c: Container, message_id: int) -> None:
    try:
        turns.handle(c, message_id)
    except Exception:  # noqa: BLE001 - one broken message must not block the patient's next ones
        log.exception("inbound message %s failed; marking it so the conversation moves on", message_id)
        with c.uow() as uow:
            conversation_log.mark_processed(uow.session, uow.session.get(Message, message_id),
                                            error="internal error while handling this message")
            uow.commit()


def _next_pending(c: Container, conversation_id: int) -> int | None:
    with c.uow() as uow:
        message = conversation_log.next_pending(uow.session, conversation_id)
        return message.id if message else None


def _renew(c: Container, conversation_id: int, token: str) -> None:
    with c.uow() as uow:
        if not lease.acquire(uow.session, conversation_id, token):
            raise RuntimeError(f"lost the lease on conversation {conversation_id}")
        uow.commit()


def _release(c: Container, conversation_id: int, token: str) -> None:
    with c.uow() as uow:
        lease.release(uow.session, conversation_id, token)
        uow.commit()
