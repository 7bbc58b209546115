"""A real RQ worker process, on real Redis, killed while a provider call is in flight, then restarted:
every notification reaches the provider exactly once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rq import Queue

from adapters.rq_jobs import QUEUE_NAME
from core.actors import Actor
from core.models import Role
from core.models.notifications import Channel, NotificationState as S
from core.notify import delivery, manual
from notifications import jobs
from tests.notifications.conftest import paid_booking, rows
from tests.notifications.fakes import FakeGupshup

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 12
SLOW = 5  # the provider takes this message and answers late; the worker dies meanwhile


@pytest.fixture
def gupshup():
    with FakeGupshup() as fake:
        yield fake


@pytest.fixture
def c(build, gupshup, redis_url):
    c = build(messaging_provider="gupshup", gupshup_base_url=gupshup.url, gupshup_api_key="gs-key",
              gupshup_source="917834811114", gupshup_app_name="medezy", redis_url=redis_url)
    Queue(QUEUE_NAME, connection=c.jobs.connection).empty()
    return c


def _worker(c, gupshup, *, burst: bool) -> subprocess.Popen:
    env = {**os.environ, "MEDEZY_DATABASE_URL": c.settings.database_url, "MEDEZY_REDIS_URL": c.settings.redis_url,
           "MEDEZY_MESSAGING_PROVIDER": "gupshup", "MEDEZY_GUPSHUP_BASE_URL": gupshup.url,
           "MEDEZY_GUPSHUP_API_KEY": "gs-key", "MEDEZY_GUPSHUP_SOURCE": "917834811114",
           "MEDEZY_GUPSHUP_APP_NAME": "medezy", "MEDEZY_QUIET_HOURS": "", "MEDEZY_SECRET_KEY": "test-secret"}
    # The real worker process (`medezy worker`: our container, RQ's forking worker), as in production.
    command = [str(Path(sys.executable).parent / "medezy"), "worker", *(["--burst"] if burst else [])]
    # A session of its own, so the test can kill exactly this worker (and nothing else) by its group id.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _queue_messages(c, booking) -> list[int]:
    with c.uow() as uow:
        ids = [manual.send(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), channel=Channel.WHATSAPP,
                           text=f"update #{i}", booking_id=booking.id).id for i in range(1, MESSAGES + 1)]
        uow.commit()  # each send job is enqueued on real Redis once this commits
    return ids


def _wait_for(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_a_worker_killed_mid_send_sends_nothing_twice(c, gupshup):
    slow_text = gupshup.delay_if = f"update #{SLOW}"
    gupshup.delay = 30
    booking = paid_booking(c)
    ids = _queue_messages(c, booking)
    first = _worker(c, gupshup, burst=False)
    try:
        _wait_for(lambda: any(slow_text in s["message"] for s in gupshup.sent))
    finally:  # kill it even if the wait failed: a worker left behind would eat other tests' jobs
        os.killpg(first.pid, signal.SIGKILL)  # mid-send: the provider has the message, we have no answer
        first.wait(timeout=10)
    restarted = _worker(c, gupshup, burst=True)
    restarted.wait(timeout=120)
    jobs.sweep(c)  # re-enqueues anything whose job died with the first worker
    _worker(c, gupshup, burst=True).wait(timeout=120)

    texts = [s["message"] for s in gupshup.sent]
    for i in range(1, MESSAGES + 1):
        assert sum(f'"update #{i}"' in t for t in texts) == 1, f"update #{i} reached the provider {texts}"
    states = {row.id: row.state for row in rows(c, booking_id=booking.id, trigger="manual")}
    slow_id = ids[SLOW - 1]
    assert states.pop(slow_id) is S.SENDING  # reconciled, not resent
    assert set(states.values()) == {S.SENT}
    with c.uow() as uow:
        later = delivery.get(uow.session, slow_id).attempted_at + delivery.STALE_ATTEMPT
        delivery.flag_stale_attempts(uow.session, now=later)
        uow.commit()
    assert rows(c, id=slow_id)[0].error.startswith("outcome unknown")
