"""The worker's composition root: the RQ worker, with its scheduler and the periodic sweep."""
from __future__ import annotations

import os

from adapters.rq_jobs import QUEUE_NAME, ContainerWorker, RQJobQueue
from core.settings import Settings
from wiring.container import Container, build
from wiring.production import StartupRefused
from wiring.tasks import SWEEP_EVERY, SWEEP_JOB, SWEEP_JOB_ID


def run(settings: Settings | None = None, *, burst: bool = False) -> None:
    """Build this process's container and work jobs until stopped (or, with `burst`, until none is left)."""
    container = build(settings)
    jobs = _redis_jobs(container)
    # Each job runs in a forked work horse: it must open its own database connections, not reuse the
    # worker's (two processes on one socket corrupt each other's conversation).
    os.register_at_fork(after_in_child=lambda: container.engine.dispose(close=False))
    worker = ContainerWorker([QUEUE_NAME], connection=jobs.connection, container=container)
    if burst:
        worker.work(burst=True)
        return
    # Start the sweep chain; the fixed job id makes several workers share one chain.
    jobs.enqueue_in(SWEEP_EVERY, SWEEP_JOB, job_id=SWEEP_JOB_ID)
    worker.work(with_scheduler=True)


def _redis_jobs(container: Container) -> RQJobQueue:
    if not isinstance(container.jobs, RQJobQueue):
        raise StartupRefused("the worker needs Redis: set MEDEZY_REDIS_URL")
    return container.jobs
