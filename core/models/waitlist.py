"""The waitlist: a patient who found no free slot is messaged when a matching one opens."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum


class WaitlistStatus(str, enum.Enum):
    WAITING = "waiting"
    NOTIFIED = "notified"  # told about one opened slot; they book it like any other
    CANCELLED = "cancelled"


_WAITING = "status = 'waiting'"


class WaitlistEntry(Base):
    __tablename__ = "waitlist_entries"
    __table_args__ = (
        # One open wish per patient, scan and city: asking twice widens it, and nobody gets the same news twice.
        Index("uq_waitlist_entries_waiting", "user_id", "service_id", "city_id", unique=True,
              postgresql_where=text(_WAITING), sqlite_where=text(_WAITING)),
        # An opened slot looks up who waits for its scan in its city.
        Index("ix_waitlist_entries_match", "service_id", "city_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    date_from: Mapped[date] = mapped_column(Date)  # India dates, inclusive
    date_to: Mapped[date] = mapped_column(Date)
    status: Mapped[WaitlistStatus] = mapped_column(str_enum(WaitlistStatus, 10), default=WaitlistStatus.WAITING)
    source: Mapped[str] = mapped_column(String(20), default="whatsapp")
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id"))  # the slot we told them about
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
