"""Refunds of captured payments; each one is requested once (idempotency key) and audited."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum
from core.models.payments import Payment
from core.models.users import Role


class RefundStatus(str, enum.Enum):
    AWAITING_APPROVAL = "awaiting_approval"  # above the threshold: a super admin must approve
    QUEUED = "queued"  # approved, not yet sent to the provider
    PENDING = "pending"  # sent; the provider has not confirmed yet
    PROCESSED = "processed"
    FAILED = "failed"
    REJECTED = "rejected"

    @property
    def holds_money(self) -> bool:
        """Whether the amount still counts against the payment's refundable balance."""
        return self not in (RefundStatus.FAILED, RefundStatus.REJECTED)


class RefundKind(str, enum.Enum):
    POLICY = "policy"  # computed from the cancellation policy
    MANUAL = "manual"  # asked for by support or finance
    CORRECTIVE = "corrective"  # money we should never have kept (late, duplicate, closed booking)


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (CheckConstraint("amount_paise > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    amount_paise: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RefundKind] = mapped_column(str_enum(RefundKind))
    status: Mapped[RefundStatus] = mapped_column(str_enum(RefundStatus))
    reason: Mapped[str] = mapped_column(Text)
    # One refund per request: a retried request (double click, redelivered event) finds this row.
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    speed: Mapped[str] = mapped_column(String(10), default="normal")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_by_role: Mapped[Role] = mapped_column(str_enum(Role))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    provider_refund_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    payment: Mapped[Payment] = relationship()
