"""Job queue interface. Production uses RQ (console.rq_jobs); the embedded default uses a thread."""
from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    def enqueue(self, func_path: str, *args: object) -> None:
        """Run `func_path(*args)` soon, in another process or thread; args are ids, never objects."""


# Jobs written the team's way, `job(c, *ids)`, reach their container through console.tasks.with_container
# until the composition root passes it to every job itself.
CONTAINER_JOB_PREFIXES = ("notifications.",)
WITH_CONTAINER = "console.tasks.with_container"


_AFTER_COMMIT = "medezy_jobs_after_commit"


def after_commit(session, func_path: str, *args: object, delay: timedelta | None = None) -> None:
    """Enqueue `func_path(*args)` once this session's transaction commits (core.uow runs them)."""
    session.info.setdefault(_AFTER_COMMIT, []).append((func_path, args, delay))


def pop_after_commit(session) -> list[tuple[str, tuple, timedelta | None]]:
    return session.info.pop(_AFTER_COMMIT, [])


def run_after_commit(jobs: "JobQueue", pending: list[tuple[str, tuple, timedelta | None]]) -> None:
    """Hand the jobs to the queue; a failure is logged: whoever wanted them has a sweep that retries."""
    for func_path, args, delay in pending:
        try:
            if delay and hasattr(jobs, "enqueue_in"):
                jobs.enqueue_in(delay, func_path, *args)
            elif not delay:
                jobs.enqueue(func_path, *args)
        except Exception:  # noqa: BLE001 - a committed change must not be undone by a queue outage
            log.warning("could not enqueue %s%s; its sweep will", func_path, args, exc_info=True)


def routed(func_path: str, args: tuple) -> tuple[str, tuple]:
    if func_path.startswith(CONTAINER_JOB_PREFIXES):
        return WITH_CONTAINER, (func_path, *args)
    return func_path, args


def resolve(func_path: str) -> Callable:
    module, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module), name)


class ThreadJobQueue:
    """One background thread, so jobs run in the order they were enqueued (like one RQ worker)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="medezy-job")
        self._futures: list[Future] = []
        self._lock = threading.Lock()

    def enqueue(self, func_path: str, *args: object) -> None:
        future = self._pool.submit(self._run, *routed(func_path, args))
        with self._lock:
            self._futures.append(future)

    def drain(self, timeout: float = 30) -> None:
        """Wait until no job is left, including jobs the finished ones enqueued (tests and shutdown)."""
        while True:
            with self._lock:
                futures, self._futures = self._futures, []
            if not futures:
                return
            for future in futures:
                future.result(timeout=timeout)

    @staticmethod
    def _run(func_path: str, args: tuple) -> None:
        try:
            resolve(func_path)(*args)
        except Exception:
            log.exception("job %s%s failed", func_path, args)
            raise
