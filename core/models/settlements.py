"""Settlement runs: what a center earned, what was refunded and paid out, per period."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow


class Settlement(Base):
    __tablename__ = "settlements"
    # One run per center and period: a rerun finds the existing report instead of paying twice.
    __table_args__ = (UniqueConstraint("center_id", "period_start", "period_end", name="uq_settlements_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # exclusive
    bookings: Mapped[int] = mapped_column(Integer)
    gross_paise: Mapped[int] = mapped_column(Integer)
    fee_paise: Mapped[int] = mapped_column(Integer)
    refund_paise: Mapped[int] = mapped_column(Integer)
    partner_share_paise: Mapped[int] = mapped_column(Integer)
    route_paid_paise: Mapped[int] = mapped_column(Integer)
    outstanding_paise: Mapped[int] = mapped_column(Integer)
    csv_key: Mapped[str] = mapped_column(String(300))
    pdf_key: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
