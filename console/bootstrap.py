"""Composition root: the one place that turns settings into adapters for a process.

The console, the worker and the action server each call `container()`; tests call `use(...)` with a
container built on their own database and adapters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from core.db import make_engine, make_session_factory
from core.jobs import JobQueue, ThreadJobQueue
from core.settings import Settings
from core.storage import LocalStorage
from core.uow import UnitOfWork

DELIVER_OUTBOX = "console.tasks.deliver_outbox"


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker
    jobs: JobQueue
    adapters: dict[str, object] = field(default_factory=dict)  # payments, messaging, storage...

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, dispatch=partial(dispatch_outbox, self.jobs))


def dispatch_outbox(jobs: JobQueue, message_ids) -> None:
    for message_id in message_ids:
        jobs.enqueue(DELIVER_OUTBOX, message_id)


def build(settings: Settings | None = None) -> Container:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    return Container(settings=settings, engine=engine, session_factory=make_session_factory(engine),
                     jobs=_job_queue(settings), adapters={"storage": _storage(settings)})


def _storage(settings: Settings):
    if settings.storage_provider == "s3":
        from console.providers.s3 import S3Storage
        return S3Storage.from_settings(settings)
    return LocalStorage(settings.storage_dir, secret=settings.secret_key or "dev-only-not-secret",
                        base_url=settings.public_base_url)


def _job_queue(settings: Settings) -> JobQueue:
    if not settings.redis_url:
        return ThreadJobQueue()
    from console.rq_jobs import RQJobQueue
    return RQJobQueue(settings.redis_url)


_current: Container | None = None


def container() -> Container:
    """This process's container, built from the environment on first use."""
    global _current
    if _current is None:
        _current = build()
    return _current


def use(new: Container | None) -> None:
    """Install a container for this process (tests, CLI commands with explicit settings)."""
    global _current
    _current = new
