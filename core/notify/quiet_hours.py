"""Quiet hours: nothing non-urgent reaches a patient at night (21:00-08:00 IST by default)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from core.clock import IST, ist_datetime
from core.errors import ValidationError


@dataclass(frozen=True)
class QuietHours:
    start: time  # evening, India time
    end: time  # next morning

    @classmethod
    def parse(cls, spec: str) -> "QuietHours | None":
        """"21:00-08:00" (settings.quiet_hours); empty means no quiet hours."""
        if not spec.strip():
            return None
        try:
            start, end = (time.fromisoformat(part.strip()) for part in spec.split("-"))
        except ValueError as error:
            raise ValidationError(f"quiet hours {spec!r} must look like 21:00-08:00") from error
        return cls(start, end)

    def release_at(self, at: datetime, *, urgent: bool) -> datetime:
        """When a message due `at` may go out: at once if urgent or outside quiet hours, else at `end`."""
        if urgent:
            return at
        local = at.astimezone(IST)
        if local.time() >= self.start:
            return ist_datetime(local.date() + timedelta(days=1), self.end)
        if local.time() < self.end:
            return ist_datetime(local.date(), self.end)
        return at
