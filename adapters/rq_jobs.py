"""RQ adapter for core.jobs.JobQueue; jobs are dotted paths with id arguments.

The worker side passes its process container to every job (`job(c, *ids)`): ContainerWorker hands it
to the job just before running it. With the default forking worker that happens in the work horse,
which inherited the container (and its adapters) from the worker process.
"""
from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue, SimpleWorker, Worker
from rq.job import Job

QUEUE_NAME = "medezy"
# A Redis that accepts connections but never answers must not hang a request's commit: fail fast, once
# (redis-py would otherwise retry a timeout three times); the outbox sweep re-dispatches. The worker
# raises the read timeout for its own blocking pops.
CONNECT_TIMEOUT_SECONDS = 2
READ_TIMEOUT_SECONDS = 3


class RQJobQueue:
    def __init__(self, redis_url: str) -> None:
        self.connection = Redis.from_url(redis_url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
                                         socket_timeout=READ_TIMEOUT_SECONDS, retry=Retry(NoBackoff(), 0))
        self.queue = Queue(QUEUE_NAME, connection=self.connection, job_class=ContainerJob)

    def enqueue(self, func_path: str, *args: object) -> None:
        self.queue.enqueue(func_path, *args, retry=None, failure_ttl=7 * 24 * 3600)

    def enqueue_in(self, delay: timedelta, func_path: str, *args: object, job_id: str | None = None) -> None:
        self.queue.enqueue_in(delay, func_path, *args, job_id=job_id)


class ContainerJob(Job):
    """A job whose function receives the worker's process container before its own arguments."""

    container: Any = None

    def _execute(self) -> Any:
        # Job._execute is rq's one call into the job function (rq 3.0); the arguments stored in Redis
        # stay ids only, the container is added here.
        if self.container is None:
            raise RuntimeError(f"job {self.id} ran without a container: start workers through wiring.worker")
        result = self.func(self.container, *self.args, **self.kwargs)
        return asyncio.run(result) if asyncio.iscoroutine(result) else result


class _PassesContainer:
    def __init__(self, queues, *, container: Any, **kwargs: Any) -> None:
        super().__init__(queues, job_class=ContainerJob, **kwargs)
        self.container = container

    def perform_job(self, job, queue, execution) -> bool:
        job.container = self.container
        return super().perform_job(job, queue, execution)


class ContainerWorker(_PassesContainer, Worker):
    """The production worker: forks a work horse per job, as rq's Worker does."""


class SimpleContainerWorker(_PassesContainer, SimpleWorker):
    """Runs jobs in its own process (tests, and where fork is unavailable)."""
