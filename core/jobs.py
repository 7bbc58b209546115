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
        """Wait for every job enqueued so far (tests and shutdown); scheduled ones are not waited for."""
        with self._lock:
            futures, self._futures = self._futures, []
        for future in futures:
            future.result(timeout=timeout)

    def _run(self, func_path: str, args: tuple) -> None:
        try:
            resolve(func_path)(self._container, *args)
        except Exception:
            log.exception("job %s%s failed", func_path, args)
            raise
