"""Rate limits on sign-in, on the `limits` library (moving windows, Redis or in-process storage)."""
from __future__ import annotations

import math
import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from core.auth.policy import LIMITS
from core.errors import DomainError


class RateLimited(DomainError):
    """Too many tries; `retry_after` says in how many seconds the next one is allowed. `cooldown`: the
    only thing wrong is that a code was sent moments ago (that code is still good)."""

    def __init__(self, message: str, retry_after: int, *, cooldown: bool = False) -> None:
        super().__init__(message)
        self.retry_after, self.cooldown = retry_after, cooldown


class RateLimits:
    """`limits.hit("otp_send_ip", ip)` counts one try and raises RateLimited once the rule is spent."""

    def __init__(self, storage_uri: str = "memory://", rules: dict[str, str] | None = None) -> None:
        # A key prefix of our own keeps these counters apart from RQ's keys in a shared Redis.
        options = {"key_prefix": "medezy-limits"} if storage_uri.startswith("redis") else {}
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri, **options))
        self._rules = {name: parse(spec) for name, spec in (rules or LIMITS).items()}

    @classmethod
    def for_redis(cls, redis_url: str) -> "RateLimits":
        """Redis when the process has one (production), else counters in this process (embedded)."""
        return cls(redis_url or "memory://")

    def hit(self, rule: str, key: str, message: str) -> None:
        """Count one try against `rule` for `key`; raise RateLimited if it is over the limit."""
        if not self._limiter.hit(self._rules[rule], rule, key):
            raise RateLimited(message, self.retry_after(rule, key))

    def check(self, rule: str, key: str, message: str) -> None:
        """Raise RateLimited if `key` has already spent `rule`, without counting a try."""
        if not self._limiter.test(self._rules[rule], rule, key):
            raise RateLimited(message, self.retry_after(rule, key))

    def count(self, rule: str, key: str) -> None:
        """Count one try without refusing it (failures: the check before the next try refuses)."""
        self._limiter.hit(self._rules[rule], rule, key)

    def retry_after(self, rule: str, key: str) -> int:
        reset = self._limiter.get_window_stats(self._rules[rule], rule, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def clear(self, rule: str, key: str) -> None:
        """Forget the tries of `key` (a successful sign-in clears its failures)."""
        self._limiter.clear(self._rules[rule], rule, key)
