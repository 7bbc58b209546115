"""The dashboard's rollup (core.insight.dashboard_rollup): its figures per IST day, center and scan."""
from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class DashboardDay(Base):
    """One closed IST day's figures per center (service_id 0): paid bookings and their value (by the day paid),
    GMV (payments captured), fees (invoice lines issued; center 0: invoices without one) and refunds (processed);
    and per scan (center_id 0, service_id the scan): paid bookings and their value. No figure needs a center and
    a scan together, so a day holds a row per center and per scan rather than per pair."""

    __tablename__ = "dashboard_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    center_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bookings: Mapped[int] = mapped_column(Integer)
    booking_paise: Mapped[int] = mapped_column(BigInteger)
    gmv_paise: Mapped[int] = mapped_column(BigInteger)
    fees_paise: Mapped[int] = mapped_column(BigInteger)
    refunds_paise: Mapped[int] = mapped_column(BigInteger)


class DashboardStaleDay(Base):
    """A day whose figures changed after it was rolled up, written by a database trigger in the changing
    transaction itself. A row per change (no unique day): the rollup deletes only the rows it has read, so a
    change committed while it re-rolls leaves its own row behind for the next pass."""

    __tablename__ = "dashboard_stale_days"
    __table_args__ = (Index("ix_dashboard_stale_days_day", "day"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    day: Mapped[date] = mapped_column(Date)


class DashboardWatermark(Base):
    """The single row locking the rollup's advance and holding the last day rolled up (None: never)."""

    __tablename__ = "dashboard_watermark"

    id: Mapped[int] = mapped_column(primary_key=True)
    rolled_through: Mapped[date | None] = mapped_column(Date)
