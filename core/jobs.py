"""Job queue interface. Production uses RQ (adapters.rq_jobs); the embedded default uses a thread.

A job is a plain function `job(c, *ids)` named by its dotted path: the queue's runner passes the
process container `c` first, so jobs never look their adapters up, and only ids travel.
"""
from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any, Protocol

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    def enqueue(self, func_path: str, *args: object) -> None:
        """Run `func_path(c, *args)` soon, in another process or thread; args are ids, never objects."""

    def enqueue_in(self, delay: timedelta, func_path: str, *args: object, job_id: str | None = None) -> None:
        """Run it after `delay`; a second call with the same `job_id` replaces the first."""


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


def resolve(func_path: str) -> Callable:
    module, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module), name)


class ThreadJobQueue:
    """One background thread, so jobs run in the order they were enqueued (like one RQ worker)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="medezy-job")
        self._futures: list[Future] = []
        self._timers: dict[str, threading.Timer] = {}
        self._lock = threading.Lock()
        self._container: Any = None

    def serve(self, container: Any) -> None:
        """The container jobs receive (set by the composition root once the container exists)."""
        self._container = container

    def enqueue(self, func_path: str, *args: object) -> None:
        if self._container is None:
            raise RuntimeError("ThreadJobQueue has no container: wiring.container.build() serves one")
        future = self._pool.submit(self._run, func_path, args)
        with self._lock:
            self._futures.append(future)

    def enqueue_in(self, delay: timedelta, func_path: str, *args: object, job_id: str | None = None) -> None:
        timer = threading.Timer(delay.total_seconds(), self.enqueue, (func_path, *args))
        timer.daemon = True  # a pending timer must not keep the process alive at exit
        with self._lock:
            previous = self._timers.pop(job_id, None) if job_id else None
            if job_id:
                self._timers[job_id] = timer
        if previous is not None:
            previous.cancel()
        timer.start()

    def drain(self, timeout: float = 30) -> None:
        """Wait until no job is left, including jobs the finished ones enqueued (tests and shutdown)."""
        while True:
            with self._lock:
                futures, self._futures = self._futures, []
            if not futures:
                return
            for future in futures:
                future.result(timeout=timeout)

    def _run(self, func_path: str, args: tuple) -> None:
        try:
            resolve(func_path)(self._container, *args)
        except Exception:
            log.exception("job %s%s failed", func_path, args)
            raise
