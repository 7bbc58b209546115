"""GST invoices and statements with gap-free numbers per series and financial year."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow


class InvoiceCounter(Base):
    """The last number used in a series for a financial year; its row lock hands numbers out in order."""

    __tablename__ = "invoice_counters"

    series: Mapped[str] = mapped_column(String(4), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(5), primary_key=True)  # "25-26"
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        # GST requires a serial number unique within a financial year, at most 16 characters.
        UniqueConstraint("series", "financial_year", "seq", name="uq_invoices_series_year_seq"),
        CheckConstraint("length(number) <= 16", name="number_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    series: Mapped[str] = mapped_column(String(4))
    financial_year: Mapped[str] = mapped_column(String(5))
    seq: Mapped[int] = mapped_column(Integer)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), unique=True)  # one per booking
    # Set on the supplementary invoice of a reschedule's price difference (core.payments.top_ups), whose
    # booking_id stays empty because the booking's own invoice holds it: one per difference payment.
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    supplier_name: Mapped[str] = mapped_column(String(160))
    supplier_gstin: Mapped[str] = mapped_column(String(15))
    supplier_state_code: Mapped[str] = mapped_column(String(2))
    recipient_name: Mapped[str] = mapped_column(String(160))
    place_of_supply: Mapped[str] = mapped_column(String(2))  # GST state code
    total_paise: Mapped[int] = mapped_column(Integer)
    credit_paise: Mapped[int] = mapped_column(Integer, default=0)
    paid_paise: Mapped[int] = mapped_column(Integer)

    lines: Mapped[list[InvoiceLine]] = relationship(order_by="InvoiceLine.position", cascade="all, delete-orphan")

    @property
    def intra_state(self) -> bool:
        return self.place_of_supply == self.supplier_state_code


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (
        CheckConstraint("total_paise = taxable_paise + cgst_paise + sgst_paise + igst_paise", name="total_adds_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(200))
    sac: Mapped[str] = mapped_column(String(8))
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    taxable_paise: Mapped[int] = mapped_column(Integer)  # the line's value before tax (exempt value too)
    cgst_paise: Mapped[int] = mapped_column(Integer, default=0)
    sgst_paise: Mapped[int] = mapped_column(Integer, default=0)
    igst_paise: Mapped[int] = mapped_column(Integer, default=0)
    total_paise: Mapped[int] = mapped_column(Integer)
