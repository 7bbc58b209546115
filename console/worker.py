"""The RQ worker process: runs jobs and, through its scheduler, the periodic sweep."""
from __future__ import annotations

import click
from rq import Worker

from console.bootstrap import Container
from console.rq_jobs import QUEUE_NAME, RQJobQueue
from console.tasks import SWEEP_JOB_ID, SWEEP_EVERY


def run(container: Container) -> None:
    jobs = container.jobs
    if not isinstance(jobs, RQJobQueue):
        raise click.ClickException("the worker needs Redis: set MEDEZY_REDIS_URL")
    # Start the sweep chain; the fixed job id makes several workers share one chain.
    jobs.enqueue_in(SWEEP_EVERY, "console.tasks.sweep_and_reschedule", job_id=SWEEP_JOB_ID)
    Worker([QUEUE_NAME], connection=jobs.connection).work(with_scheduler=True)
