"""One conversation's messages are answered in the order they arrived, even with several workers."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from console.gateway import turns
from core.clock import now_utc
from core.conversations import lease
from core.conversations import log as conversation_log
from core.conversations.log import InboundMessage
from core.models.conversations import Author
from console.gateway.jobs import process_conversation, redispatch_stalled
from tests.gateway.conftest import new_phone


def _record(gateway, phone: str, texts: list[str]) -> int:
    with gateway.uow() as uow:
        for n, text in enumerate(texts):
            recorded = conversation_log.record_inbound(uow.session, InboundMessage(
                phone=phone, provider_sid=f"SMorder{phone}{n}", body=text))
        uow.commit()
        return recorded.message.conversation_id


def test_concurrent_jobs_answer_one_conversation_in_order_exactly_once(gateway, rasa):
    rasa.delay = 0.02  # long enough for the workers to overlap
    texts = [f"message {n}" for n in range(6)]
    conversation_id = _record(gateway, new_phone(), texts)
    handled: list[int] = []
    workers = [threading.Thread(target=lambda: handled.append(process_conversation(gateway, conversation_id)))
               for _ in range(4)]  # one job per inbound message would be 6; 4 racing is enough
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert rasa.messages == texts
    assert sum(handled) == len(texts)
    with gateway.uow() as uow:
        log = conversation_log.history(uow.session, conversation_id)
        answered = [m.reply_to_id for m in log if m.reply_to_id]
        assert answered == sorted(answered) and len(answered) == len(texts)
        assert conversation_log.next_pending(uow.session, conversation_id) is None


def test_a_job_with_nothing_pending_returns_at_once(gateway, rasa):
    conversation_id = _record(gateway, new_phone(), ["hi"])
    assert process_conversation(gateway, conversation_id) == 1
    assert process_conversation(gateway, conversation_id) == 0
    assert rasa.messages == ["hi"]


def test_lease_is_exclusive_until_released_or_lapsed(any_session):
    conversation = conversation_log.get_or_create(any_session, phone=new_phone())
    now = now_utc()
    assert lease.acquire(any_session, conversation.id, "worker-a", now=now)
    assert not lease.acquire(any_session, conversation.id, "worker-b", now=now)
    assert lease.acquire(any_session, conversation.id, "worker-b", now=now + timedelta(seconds=lease.LEASE_SECONDS + 1))
    lease.release(any_session, conversation.id, "worker-a")  # a stale holder cannot free someone else's lease
    assert not lease.acquire(any_session, conversation.id, "worker-c", now=now)


def test_lease_is_kept_while_messages_wait(any_session):
    recorded = conversation_log.record_inbound(any_session, InboundMessage(phone=new_phone(), provider_sid="SMwait"))
    conversation_id = recorded.message.conversation_id
    assert lease.acquire(any_session, conversation_id, "worker-a")
    assert not lease.release_unless_pending(any_session, conversation_id, "worker-a")
    assert not lease.acquire(any_session, conversation_id, "worker-b")
    conversation_log.mark_processed(any_session, recorded.message)
    assert lease.release_unless_pending(any_session, conversation_id, "worker-a")
    assert lease.acquire(any_session, conversation_id, "worker-b")


def test_taking_the_lease_opens_the_window_through_the_newest_waiting_message(any_session):
    phone, now = new_phone(), now_utc()
    for n, minutes in enumerate((3, 1)):
        recorded = conversation_log.record_inbound(any_session, InboundMessage(
            phone=phone, provider_sid=f"SMwindow{phone}{n}"), now=now - timedelta(minutes=minutes))
    conversation = lease.acquire(any_session, recorded.message.conversation_id, "worker-a")
    assert conversation.last_inbound_at == now - timedelta(minutes=1)
    conversation_log.touch_inbound(any_session, conversation, now)
    assert lease.acquire(any_session, conversation.id, "worker-a").last_inbound_at == now  # never moved back


def _fail_once(monkeypatch, target, name: str) -> None:
    real, calls = getattr(target, name), []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(*args, **kwargs)
    monkeypatch.setattr(target, name, failing)


@pytest.mark.parametrize("step", ["start", "finish"])  # the transaction before rasa, and the one after
def test_a_broken_message_is_marked_and_the_next_one_answered(gateway, rasa, monkeypatch, step):
    conversation_id = _record(gateway, new_phone(), ["first", "second"])
    _fail_once(monkeypatch, turns, step)
    assert process_conversation(gateway, conversation_id) == 2
    with gateway.uow() as uow:
        first, second = (m for m in conversation_log.history(uow.session, conversation_id) if m.author is Author.PATIENT)
        assert first.processed_at and first.error == "internal error while handling this message"
        assert second.processed_at and not second.error
        assert [m.body for m in conversation_log.replies_to(uow.session, second.id)] == ["echo: second"]
        assert conversation_log.replies_to(uow.session, first.id) == []
        assert lease.acquire(uow.session, conversation_id, "next-worker")  # the lease was given back


def test_sweep_re_enqueues_conversations_whose_job_was_lost(gateway, rasa):
    with gateway.uow() as uow:
        recorded = conversation_log.record_inbound(uow.session, InboundMessage(
            phone=new_phone(), provider_sid=f"SMlost{new_phone()}", body="anyone?"),
            now=now_utc() - timedelta(minutes=5))  # recorded, but its job never ran
        uow.commit()
    assert redispatch_stalled(gateway) >= 1
    gateway.jobs.drain()
    assert "anyone?" in rasa.messages
    with gateway.uow() as uow:
        assert conversation_log.next_pending(uow.session, recorded.message.conversation_id) is None
