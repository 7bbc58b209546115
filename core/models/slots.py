"""Bookable time slots. `claimed` counts live bookings; the database keeps it within capacity."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime
from core.models.centers import Center
from core.models.services import Service


class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (
        # The last line of defence against overbooking: even a buggy claim cannot push past capacity.
        CheckConstraint("claimed >= 0 AND claimed <= capacity", name="claimed_within_capacity"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        # Availability search walks this index: service in a city, ordered by start time.
        Index("ix_slots_search", "service_id", "city_id", "starts_at"),
        Index("ix_slots_center_start", "center_id", "starts_at"),
        # The console's slot list pages by keyset over (starts_at, id) (migration 0005).
        Index("ix_slots_starts_at_id", "starts_at", "id"),
        # One slot per service and start at a center: a CSV imported twice (or two imports racing)
        # cannot create the same slot twice; the importer inserts with ON CONFLICT DO NOTHING on it.
        UniqueConstraint("center_id", "service_id", "starts_at", name="uq_slots_center_service_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    # Copied from the center (centers never change city) so search needs no join to filter.
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    claimed: Mapped[int] = mapped_column(Integer, default=0)
    is_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked_reason: Mapped[str | None] = mapped_column(String(200))  # "MRI machine down", "Holi"

    center: Mapped[Center] = relationship()
    service: Mapped[Service] = relationship()
