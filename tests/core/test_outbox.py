"""Domain events go out after commit, survive a Redis outage, and are delivered once."""
from datetime import timedelta

import pytest
from redis import Redis

from adapters.rq_jobs import QUEUE_NAME, RQJobQueue, SimpleContainerWorker
from core import outbox, topics
from core.clock import now_utc
from core.models import OutboxMessage
from wiring import container as wiring_container
from wiring import tasks
from wiring import topics as registry

RECEIVED: list[dict] = []


def _record(session, payload, c):
    RECEIVED.append(payload)


@pytest.fixture(autouse=True)
def subscriber(monkeypatch):
    RECEIVED.clear()
    monkeypatch.setattr(topics, "ALL", topics.ALL | {"test_event"})
    monkeypatch.setattr(registry, "handlers", lambda: {"test_event": [_record]})
    yield


def _emit(container, **payload) -> int:
    with container.uow() as uow:
        message = outbox.emit(uow.session, "test_event", **payload)
        uow.commit()
        return message.id


def test_event_is_delivered_after_commit(container):
    _emit(container, booking_id=7)
    container.jobs.drain()
    assert RECEIVED == [{"booking_id": 7}]


def test_rolled_back_event_is_never_dispatched(container):
    with container.uow() as uow:
        outbox.emit(uow.session, "test_event", booking_id=8)
    container.jobs.drain()
    assert RECEIVED == []


def test_delivery_is_idempotent(container):
    message_id = _emit(container, booking_id=9)
    container.jobs.drain()
    assert tasks.deliver_outbox(container, message_id) is False
    assert RECEIVED == [{"booking_id": 9}]


def test_redis_outage_loses_nothing_and_the_sweep_redelivers(container, redis_url):
    container.jobs = RQJobQueue("redis://127.0.0.1:1/0")  # nothing listens there: Redis is "down"
    message_id = _emit(container, booking_id=10)
    with container.uow() as uow:
        assert uow.session.get(OutboxMessage, message_id).delivered_at is None
        assert message_id in outbox.stale_ids(uow.session, now=now_utc() + timedelta(minutes=2))
    container.jobs = queue = RQJobQueue(redis_url)  # Redis is back
    queue.queue.empty()
    with container.uow() as uow:
        stale = outbox.stale_ids(uow.session, now=now_utc() + timedelta(minutes=2))
    wiring_container.dispatch_outbox(queue, stale)
    SimpleContainerWorker([QUEUE_NAME], connection=Redis.from_url(redis_url), container=container).work(burst=True)
    assert {"booking_id": 10} in RECEIVED
    with container.uow() as uow:
        assert uow.session.get(OutboxMessage, message_id).delivered_at is not None


def test_sweep_redispatches_only_old_undelivered_messages(container):
    with container.uow() as uow:
        old = outbox.emit(uow.session, "test_event", booking_id=11)
        uow.session.flush()
        old.created_at = now_utc() - timedelta(minutes=5)
        outbox.pop_new(uow.session)  # simulate a lost dispatch: commit without handing it to the queue
        uow.session.commit()
    result = tasks.sweep(container)
    container.jobs.drain()
    assert result["redispatched"] >= 1
    assert {"booking_id": 11} in RECEIVED
