"""The gateway's background job: work through a conversation's inbound messages, oldest first."""
from __future__ import annotations

import logging
import time
import uuid

from console.gateway import turns
from console.observability import logs
from core.conversations import lease
from core.conversations import log as conversation_log
from core.models.conversations import Conversation, Message
from wiring.container import Container

log = logging.getLogger(__name__)
PROCESS_JOB = "console.gateway.jobs.process_conversation"
WAIT_FOR_LEASE_SECONDS = lease.LEASE_SECONDS + 15  # long enough for a crashed holder's lease to lapse
_POLL_SECONDS = 0.1


def process_conversation(c: Container, conversation_id: int) -> int:
    """Handle every pending inbound message of a conversation in order; returns how many this run handled.

    One job is enqueued per inbound message, but whichever job holds the lease handles all pending
    messages in id order, so several workers never answer one patient out of order. A job that finds
    nothing pending (another job got there first) just returns. A message costs two short transactions:
    one takes (or renews) the lease, reads the message and starts the turn; the other logs the replies
    and gives the lease back if nothing else waits.
    """
    with logs.bound(conversation=conversation_id):
        return _process(c, conversation_id)


def _process(c: Container, conversation_id: int) -> int:
    token = uuid.uuid4().hex
    # One session for the job, so rows read to start a turn are not re-read to finish it, on one
    # connection, so its transactions skip the pool's liveness ping. Between them it holds no locks.
    with c.engine.connect() as connection, c.uow(bind=connection) as uow:
        try:
            handled = _work_through(c, uow, conversation_id, token)
        except BaseException:
            _release_after_failure(uow, conversation_id, token)
            raise
    log.info("conversation %s: %d message(s) handled", conversation_id, handled)
    return handled


def redispatch_stalled(c: Container) -> int:
    """Re-enqueue conversations whose job was lost (Redis down, worker killed); for the periodic sweep."""
    with c.uow() as uow:
        stalled = conversation_log.stalled_conversations(uow.session)
    for conversation_id in stalled:
        c.jobs.enqueue(PROCESS_JOB, conversation_id)
    if stalled:
        log.warning("re-enqueued %d conversation(s) with unhandled messages", len(stalled))
    return len(stalled)


def _work_through(c: Container, uow, conversation_id: int, token: str) -> int:
    """Take the lease, then answer the pending messages oldest first until none is left; how many."""
    handled, conversation = 0, _wait_for_lease(uow, conversation_id, token)
    while conversation is not None and (message := _next_or_release(uow, conversation, token)) is not None:
        handled += 1
        more = _handle_one(c, uow, conversation, message, token)
        conversation = _renew(uow, conversation_id, token) if more else None
    return handled


def _wait_for_lease(uow, conversation_id: int, token: str) -> Conversation | None:
    """Take the lease (committed with the first turn); None if nothing is pending, so no need to wait."""
    deadline = time.monotonic() + WAIT_FOR_LEASE_SECONDS
    while (conversation := lease.acquire(uow.session, conversation_id, token)) is None:
        pending = conversation_log.next_pending(uow.session, conversation_id) is not None
        uow.rollback()
        if not pending:
            return None
        if time.monotonic() > deadline:
            raise TimeoutError(f"conversation {conversation_id} stayed busy for {WAIT_FOR_LEASE_SECONDS}s")
        time.sleep(_POLL_SECONDS)
    return conversation


def _next_or_release(uow, conversation: Conversation, token: str) -> Message | None:
    """The oldest pending message (we hold the lease); with none, the lease goes back."""
    message = conversation_log.next_pending(uow.session, conversation.id)
    if message is None:
        lease.release(uow.session, conversation.id, token)
        uow.commit()
    return message


def _handle_one(c: Container, uow, conversation: Conversation, message: Message, token: str) -> bool:
    """Answer one message, committing before and after the rasa call; True if more messages wait."""
    conversation_id, message_id = conversation.id, message.id  # still readable after a rollback
    try:
        turn = turns.start(uow.session, conversation, message)
        uow.commit()
        replies, error = turns.ask(c, turn)
        turns.finish(uow.session, c, turn, replies, error)
        more = not lease.release_unless_pending(uow.session, conversation_id, token)
        uow.commit()
        return more
    except Exception:  # noqa: BLE001 - one broken message must not block the patient's next ones
        log.exception("inbound message %s failed; marking it so the conversation moves on", message_id)
        _mark_failed(uow, conversation_id, message_id, token)
        return True


def _mark_failed(uow, conversation_id: int, message_id: int, token: str) -> None:
    uow.rollback()
    _renew(uow, conversation_id, token)  # a rolled-back first turn took the lease with it
    conversation_log.mark_processed(uow.session, uow.session.get(Message, message_id),
                                    error="internal error while handling this message")
    uow.commit()


def _renew(uow, conversation_id: int, token: str) -> Conversation:
    conversation = lease.acquire(uow.session, conversation_id, token)
    if conversation is None:
        raise RuntimeError(f"lost the lease on conversation {conversation_id}")
    return conversation


def _release_after_failure(uow, conversation_id: int, token: str) -> None:
    """Free the lease at once rather than when it lapses; never hides the error that got us here."""
    try:
        uow.rollback()  # first: our own open transaction may hold the conversation row
        lease.release(uow.session, conversation_id, token)
        uow.commit()
    except Exception:  # noqa: BLE001 - the lease lapses by itself after LEASE_SECONDS
        log.warning("could not release the lease on conversation %s", conversation_id, exc_info=True)
