"""A center's weekly availability per scan: from it, slots are generated a few weeks ahead."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.services import Service


class AvailabilityTemplate(Base):
    __tablename__ = "availability_templates"
    __table_args__ = (
        CheckConstraint("slot_minutes BETWEEN 5 AND 480", name="slot_minutes_range"),
        CheckConstraint("capacity BETWEEN 1 AND 50", name="capacity_range"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    weekdays: Mapped[str] = mapped_column(String(7))  # ISO weekday digits, Monday "0" .. Sunday "6": "01234"
    opens_at: Mapped[time] = mapped_column(Time)  # IST wall-clock times
    closes_at: Mapped[time] = mapped_column(Time)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The last IST day slots were generated for: the minute sweep skips templates already far enough ahead.
    generated_through: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    service: Mapped[Service] = relationship()
