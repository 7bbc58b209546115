"""A partner center's SLA scorecard: the last 7/30/90 days against the platform's targets, with a weekly trend."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from core.insight.period import Period
from core.insight.quality import PartnerSla, partner_sla

WINDOWS = (7, 30, 90)


@dataclass(frozen=True)
class Targets:
    """What MedEzy asks of every partner; a figure on the wrong side of its target is flagged."""

    confirm_minutes: float = 60
    cancelled_by_center: float = 0.02
    no_show: float = 0.10
    report_turnaround_hours: float = 24
    nps: float = 50

    def misses(self, sla: PartnerSla) -> list[str]:
        """Names of the figures that miss their target (no data misses nothing)."""
        # (figure, target, True when a higher figure is worse)
        checks = {"confirm_minutes": (sla.avg_confirm_minutes, self.confirm_minutes, True),
                  "cancelled_by_center": (sla.cancelled_by_center, self.cancelled_by_center, True),
                  "no_show": (sla.no_show, self.no_show, True),
                  "report_turnaround_hours": (sla.report_turnaround_hours, self.report_turnaround_hours, True),
                  "nps": (sla.nps, self.nps, False)}
        return [name for name, (value, target, higher_is_worse) in checks.items()
                if value is not None and (value > target if higher_is_worse else value < target)]


@dataclass(frozen=True)
class Scorecard:
    windows: dict[int, PartnerSla | None]  # days -> figures (None: no paid bookings in the window)
    trend: list[tuple[str, PartnerSla | None]]  # (week starting, figures), oldest first
    targets: Targets


def for_center(session: Session, *, center_id: int, today: date, weeks: int = 12,
               targets: Targets = Targets()) -> Scorecard:
    """The center's scorecard as of `today` (IST)."""
    windows = {days: _one(session, center_id, Period.last_days(days, today)) for days in WINDOWS}
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    trend = [(start.isoformat(), _one(session, center_id, Period(start, start + timedelta(days=7))))
             for start in starts]
    return Scorecard(windows, trend, targets)


def _one(session: Session, center_id: int, period: Period) -> PartnerSla | None:
    found = partner_sla(session, period=period, center_ids=[center_id])
    return found[0] if found else None
