"""Product analytics events, written by the service that causes them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
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
