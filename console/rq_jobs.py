"""RQ adapter for core.jobs.JobQueue; jobs are dotted paths with id arguments."""
from __future__ import annotations

from datetime import timedelta

from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue

from core.jobs import routed

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
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def enqueue(self, func_path: str, *args: object) -> None:
        func_path, args = routed(func_path, args)
        self.queue.enqueue(func_path, *args, retry=None, failure_ttl=7 * 24 * 3600)

    def enqueue_in(self, delay: timedelta, func_path: str, *args: object, job_id: str | None = None) -> None:
        func_path, args = routed(func_path, args)
        self.queue.enqueue_in(delay, func_path, *args, job_id=job_id)
