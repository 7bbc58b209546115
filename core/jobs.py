"""Job queue interface. Production uses RQ (console.rq_jobs); the embedded default uses a thread."""
from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    def enqueue(self, func_path: str, *args: object) -> None:
        """Run `func_path(*args)` soon, in another process or thread; args are ids, never objects."""


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
        future = self._pool.submit(self._run, func_path, args)
        with self._lock:
            self._futures.append(future)

    def drain(self, timeout: float = 30) -> None:
        """Wait for every job enqueued so far (tests and shutdown)."""
        with self._lock:
            futures, self._futures = self._futures, []
        for future in futures:
            future.result(timeout=timeout)

    @staticmethod
    def _run(func_path: str, args: tuple) -> None:
        try:
            resolve(func_path)(*args)
        except Exception:
            log.exception("job %s%s failed", func_path, args)
            raise
