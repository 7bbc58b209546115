"""RQ adapter for core.jobs.JobQueue; jobs are dotted paths with id arguments."""
from __future__ import annotations

from datetime import timedelta

from redis import Redis
from rq import Queue

QUEUE_NAME = "medezy"


class RQJobQueue:
    def __init__(self, redis_url: str) -> None:
        self.connection = Redis.from_url(redis_url)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def enqueue(self, func_path: str, *args: object) -> None:
        self.queue.enqueue(func_path, *args, retry=None, failure_ttl=7 * 24 * 3600)

    def enqueue_in(self, delay: timedelta, func_path: str, *args: object, job_id: str | None = None) -> None:
        self.queue.enqueue_in(delay, func_path, *args, job_id=job_id)
