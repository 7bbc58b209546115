"""Reporting periods in India time, and SQL that buckets a UTC timestamp into IST days, weeks or months."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, DateTime, cast, func, literal_column
from sqlalchemy.sql import ColumnElement

from core.clock import IST, ist_datetime
from core.errors import ValidationError

GRAINS = ("day", "week", "month")
MAX_DAYS = 731  # two years: wider ranges are a report, not a dashboard


@dataclass(frozen=True)
class Period:
    """IST calendar dates, `start` included and `end` excluded."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValidationError("The period must end after it starts.")
        if (self.end - self.start).days > MAX_DAYS:
            raise ValidationError(f"Pick at most {MAX_DAYS} days.")

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> "Period":
        """The `days` days up to and including today (IST)."""
        today = today or datetime.now(IST).date()
        return cls(today - timedelta(days=days - 1), today + timedelta(days=1))

    @property
    def starts_at(self) -> datetime:
        return ist_datetime(self.start, time.min)

    @property
    def ends_at(self) -> datetime:
        return ist_datetime(self.end, time.min)

    def contains(self, column) -> ColumnElement[bool]:
        return (column >= self.starts_at) & (column < self.ends_at)


def bucket(column, grain: str, dialect: str) -> ColumnElement:
    """The IST day/week (Monday)/month a UTC timestamp falls in, as an ISO date string 'YYYY-MM-DD'."""
    return day_bucket(ist_day(column, dialect), grain, dialect)


def ist_day(column, dialect: str) -> ColumnElement:
    """The IST calendar date of a UTC timestamp."""
    if dialect == "postgresql":
        return cast(func.timezone(literal_column("'Asia/Kolkata'"), column), Date)
    return func.date(func.datetime(column, "+330 minutes"))  # SQLite keeps UTC text; India has no DST


def day_bucket(day, grain: str, dialect: str) -> ColumnElement:
    """The day/week (Monday)/month a date falls in, as an ISO date string 'YYYY-MM-DD'."""
    check_grain(grain)
    if dialect == "postgresql":
        return func.to_char(func.date_trunc(grain, cast(day, DateTime)), "YYYY-MM-DD")
    if grain == "day":
        return func.date(day)
    if grain == "week":
        return func.date(day, "-6 days", "weekday 1")
    return func.strftime("%Y-%m-01", day)


def check_grain(grain: str) -> None:
    if grain not in GRAINS:
        raise ValidationError(f"Unknown grain {grain!r}; use day, week or month.")
