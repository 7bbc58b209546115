"""A job queue that holds the container's jobs until the test releases them (to see a page before its job runs)."""
from __future__ import annotations

import pytest


class HeldJobs:
    """The container's job queue, holding jobs until released: the page is seen at 0% before the job runs."""

    def __init__(self, real) -> None:
        self.real, self.held, self.passing = real, [], False

    def enqueue(self, func_path: str, *args) -> None:
        if self.passing:
            self.real.enqueue(func_path, *args)
        else:
            self.held.append((func_path, args))

    def enqueue_in(self, *args, **kwargs) -> None:
        self.real.enqueue_in(*args, **kwargs)

    def drain(self, timeout: float = 30) -> None:
        self.real.drain(timeout)

    def release(self) -> None:
        self.passing = True
        for func_path, args in self.held:
            self.real.enqueue(func_path, *args)


@pytest.fixture
def held_jobs(container):
    real = container.jobs
    container.jobs = held = HeldJobs(real)
    yield held
    container.jobs = real
