"""Auth fixtures: rate limits on real Redis and in process, a clock to move, our own code provider."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import redis

from core.auth.codes import LocalCodes
from core.auth.rate_limits import RateLimits
from notifications.providers.sandbox import SandboxMessaging


@pytest.fixture(params=["memory", "redis"])
def limits(request):
    """The same rules on both storages: in process (embedded default) and real Redis (production)."""
    if request.param == "memory":
        yield RateLimits("memory://")
        return
    url = request.getfixturevalue("redis_url")
    yield RateLimits(url)
    client = redis.Redis.from_url(url)
    for key in client.scan_iter("medezy-limits*"):
        client.delete(key)


@pytest.fixture
def phone():
    """A fresh valid Indian mobile number per test, so counters of other tests never interfere."""
    return "+9193" + str(uuid.uuid4().int)[:8]


@pytest.fixture
def ip():
    return "client-" + uuid.uuid4().hex  # only a key for the counters


@pytest.fixture
def codes():
    return LocalCodes(SandboxMessaging(), "test-secret", show_in_log=True)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    return Clock()
