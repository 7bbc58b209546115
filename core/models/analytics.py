"""Product analytics events, written by the service that causes them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow

EVENT_NAMES = frozenset({
    "user_signed_up", "service_viewed", "slot_checked", "booking_initiated", "payment_succeeded",
    "booking_confirmed", "document_uploaded", "booking_completed", "refund_processed", "nps_submitted",
})


class AnalyticsEvent(Base):
    __tablename__ = "analytics_events"
    # user_id included: the funnel's count(DISTINCT user_id) per step and period reads the index alone
    __table_args__ = (Index("ix_analytics_name_at_user", "name", "occurred_at", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"))
    properties: Mapped[dict] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FunnelDay(Base):
    """One row per (patient, step, IST day, city, service, channel) seen in the analytics events: the funnel's
    rollup (core.insight.funnel_rollup). 0 / '' stand for "unknown" so the unique key also dedupes those, and
    user 0 for events without a patient. prev_* hold the day of the same patient's previous row for the step
    (overall, same city, same service, same channel): a row whose prev_* lies before a period's start is that
    patient's first in the period, so distinct patients become a plain count.
    """

    __tablename__ = "funnel_days"
    __table_args__ = (
        UniqueConstraint("user_id", "step", "day", "city_id", "service_id", "channel", name="uq_funnel_days_key"),
        Index("ix_funnel_days_step_day", "step", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    city_id: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(40))
    prev_any: Mapped[date | None] = mapped_column(Date)
    prev_city: Mapped[date | None] = mapped_column(Date)
    prev_service: Mapped[date | None] = mapped_column(Date)
    prev_channel: Mapped[date | None] = mapped_column(Date)


class FunnelWatermark(Base):
    """The single row locking the rollup's advance and holding the last analytics event id it has read."""

    __tablename__ = "funnel_watermark"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(BigInteger, default=0)


class FunnelCount(Base):
    """Rollup rows counted per segment (kind '' = unsegmented, city, service, channel), step, day and the
    patients' previous day in that segment (1900-01-01: none): a period's distinct patients of a step are the
    sum over its days of the counts whose previous day lies before the period. Zero counts are kept: they
    mark that the segment had events that day (by patients not counted there, or without a patient)."""

    __tablename__ = "funnel_counts"
    __table_args__ = (UniqueConstraint("kind", "day", "step", "value", "prev", name="uq_funnel_counts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    day: Mapped[date] = mapped_column(Date)
    step: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))
    prev: Mapped[date] = mapped_column(Date)
    patients: Mapped[int] = mapped_column(Integer)
