"""Payments against a booking. Amounts are integer paise; never floats."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.bookings import Booking
from core.models.enums import str_enum


class PaymentStatus(str, enum.Enum):
    CREATED = "created"  # link issued, not paid
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"

    @property
    def captured(self) -> bool:
        return self in (PaymentStatus.PAID, PaymentStatus.REFUNDED, PaymentStatus.PARTIALLY_REFUNDED)


class PaymentFlag(str, enum.Enum):
    """Why a captured payment did not simply confirm its booking; ops see these."""

    LATE_SLOT_TAKEN = "late_slot_taken"  # paid after the hold lapsed and someone else took the slot
    DUPLICATE = "duplicate"  # the booking was already paid through another link
    BOOKING_CLOSED = "booking_closed"  # the booking was cancelled before the money arrived
    AMOUNT_MISMATCH = "amount_mismatch"  # captured amount differs from the link amount


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount_paise > 0", name="amount_positive"),
        CheckConstraint("credit_applied_paise >= 0", name="credit_non_negative"),
        # The last line of defence against refunding more than was paid: refunds reserve their amount
        # here under a row lock, and the database refuses a total above the payment.
        CheckConstraint("refunded_paise >= 0 AND refunded_paise <= amount_paise", name="refunds_within_amount"),
        Index("ix_payments_paid_at", "paid_at"),  # GMV of a period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    amount_paise: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="INR")
    status: Mapped[PaymentStatus] = mapped_column(str_enum(PaymentStatus), default=PaymentStatus.CREATED)
    provider: Mapped[str] = mapped_column(String(20))
    provider_link_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    provider_payment_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_url: Mapped[str | None] = mapped_column(String(500))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    credit_applied_paise: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    refunded_paise: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    flag: Mapped[PaymentFlag | None] = mapped_column(str_enum(PaymentFlag, 30))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    # "booking" pays for the booking; "difference" tops it up after a move to a dearer slot
    # (core.booking.relocate), so capture must not treat it as a duplicate payment.
    purpose: Mapped[str] = mapped_column(String(20), default="booking", server_default="booking")

    booking: Mapped[Booking] = relationship()

    @property
    def refundable_paise(self) -> int:
        return self.amount_paise - self.refunded_paise if self.status.captured else 0
