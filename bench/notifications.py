"""Notifications per second through our pipeline vs the same provider called directly, in the same run.

Through the worker: N WhatsApp notifications committed in one transaction -> their send jobs on RQ
(real Redis) -> `notifications.jobs.send` in WORKERS SimpleWorker processes (attempt committed, provider called,
outcome committed, conversation log updated) -> a local fake of Gupshup's API over HTTP; timed from
the commit until every row is `sent`. Directly: the same N messages posted to the same fake by the
same adapter from WORKERS threads. The ratio is what our delivery guarantees cost per message.
"""
from __future__ import annotations

import dataclasses
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rq import Queue
from sqlalchemy import func, select

from adapters.gupshup import GupshupWhatsApp
from wiring.container import build as build_container
from adapters.rq_jobs import QUEUE_NAME
from core.actors import Actor
from core.models import Role
from core.models.notifications import Channel, Notification, NotificationState
from core.notify import manual
from core.patients import get_or_register
from core.settings import Settings
from tests import services
from tests.notifications.fakes import FakeGupshup

MESSAGES = int(os.environ.get("BENCH_NOTIFICATIONS", 400))
WORKERS = 2  # the machine's cores
PATIENTS = 20
ROOT = Path(__file__).resolve().parent.parent
GUPSHUP = dict(messaging_provider="gupshup", gupshup_api_key="gs-key", gupshup_source="917834811114",
               gupshup_app_name="medezy", gupshup_templates="manual=tpl-manual:text", quiet_hours="")


def run(url: str, dsn: str, messages: int = MESSAGES) -> dict[str, float]:
    services.ensure_redis()
    redis_url = f"redis://{services.REDIS_HOST}:{services.REDIS_PORT}/{os.environ.get('BENCH_REDIS_DB', '14')}"
    with FakeGupshup(templates={"tpl-manual": 1}) as fake, tempfile.TemporaryDirectory(prefix="medezy-bench-") as files:
        settings = Settings(database_url=url, storage_dir=files, secret_key="bench-" + secrets.token_hex(8),
                            redis_url=redis_url, gupshup_base_url=fake.url, **GUPSHUP)
        c = build_container(settings)
        try:
            Queue(QUEUE_NAME, connection=c.jobs.connection).empty()
            piped = _through_workers(c, messages)
            direct = _direct(settings, messages)
        finally:
            c.engine.dispose()
        if len(fake.sent) != 2 * messages:
            raise RuntimeError(f"the fake received {len(fake.sent)} messages, expected {2 * messages}")
    return {"messages": messages, "workers": WORKERS, "pipeline_per_s": piped, "direct_per_s": direct,
            "pipeline_to_direct_ratio": piped / direct}


def _through_workers(c, messages: int) -> float:
    workers = [_worker(c.settings) for _ in range(WORKERS)]
    try:
        time.sleep(2)  # workers up and idle before the clock starts
        with c.uow() as uow:
            patients = [get_or_register(uow.session, phone=f"+9198{secrets.randbelow(10**8):08d}",
                                        name=f"Bench {i}")[0] for i in range(PATIENTS)]
            uow.session.flush()
            ids = [manual.send(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), channel=Channel.WHATSAPP,
                               text=f"bench {i}", patient_id=patients[i % PATIENTS].id).id for i in range(messages)]
            started = time.perf_counter()
            uow.commit()
        _wait_until_sent(c, ids)
        return messages / (time.perf_counter() - started)
    finally:
        for worker in workers:  # only the workers this bench started, by their own process group
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)


def _direct(settings: Settings, messages: int) -> float:
    client = GupshupWhatsApp.from_settings(settings)
    phones = [f"+9198{secrets.randbelow(10**8):08d}" for _ in range(PATIENTS)]
    started = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        # New patients are outside WhatsApp's 24-hour window: both sides send the approved template.
        list(pool.map(lambda i: client.send_template(phones[i % PATIENTS], "manual", {"text": f"bench {i}"}),
                      range(messages)))
    return messages / (time.perf_counter() - started)


def _wait_until_sent(c, ids: list[int], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    query = select(func.count()).select_from(Notification).where(
        Notification.id.in_(ids), Notification.state == NotificationState.SENT)
    while True:
        with c.session_factory() as session:
            if session.scalar(query) == len(ids):
                return
        if time.monotonic() > deadline:
            raise RuntimeError("notifications were not all sent in time")
        time.sleep(0.02)


def _worker(settings: Settings) -> subprocess.Popen:
    env = {**os.environ, **{f"MEDEZY_{f.name.upper()}": str(getattr(settings, f.name))
                            for f in dataclasses.fields(settings)}}
    command = [str(Path(sys.executable).parent / "rq"), "worker", QUEUE_NAME, "--url", settings.redis_url,
               "--worker-class", "rq.worker.SimpleWorker", "--quiet"]
    log = open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "ab")
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
