"""A whole month of partner statements asked for in the console and run in the background, one center a job."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow


class SettlementMonth(Base):
    __tablename__ = "settlement_months"
    __table_args__ = (UniqueConstraint("period_start", name="uq_settlement_months_period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    centers: Mapped[int] = mapped_column(Integer)  # how many centers the run was asked for
    failures: Mapped[list] = mapped_column(JSON, default=list)  # [{"center_id", "error"}]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
