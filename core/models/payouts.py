"""Partner payouts through Razorpay Route: linked accounts, transfers and their reversals."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum
from core.models.payments import Payment


class RouteStatus(str, enum.Enum):
    """Where a center's linked account stands; only ACTIVATED accounts receive transfers."""

    PENDING = "pending"  # bank account saved; the linked account is not created yet
    REQUESTED = "requested"  # created at the provider; Route requested
    NEEDS_CLARIFICATION = "needs_clarification"
    UNDER_REVIEW = "under_review"
    ACTIVATED = "activated"
    SUSPENDED = "suspended"
    FAILED = "failed"  # the provider refused; see last_error, fix and retry


class PartnerAccount(Base):
    """A center's payout bank account and its Route linked account (acc_...); only an activated account
    receives transfers, centers without one are settled by bank payout."""

    __tablename__ = "partner_accounts"

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), primary_key=True)
    provider_account_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[RouteStatus] = mapped_column(str_enum(RouteStatus), default=RouteStatus.PENDING)
    provider_product_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # acc_prd_...: Route config
    holder_name: Mapped[str | None] = mapped_column(String(120))
    ifsc: Mapped[str | None] = mapped_column(String(11))
    # Kept whole only to configure the provider's settlements; every screen and log shows `masked_number`.
    account_number: Mapped[str | None] = mapped_column(String(35))
    legal_business_name: Mapped[str | None] = mapped_column(String(200))
    business_type: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def masked_number(self) -> str:
        number = self.account_number or ""
        return "X" * max(len(number) - 4, 0) + number[-4:]

    def __repr__(self) -> str:  # never print the account number
        return f"<PartnerAccount center={self.center_id} {self.status.value if self.status else None}>"


class TransferStatus(str, enum.Enum):
    QUEUED = "queued"  # decided, not yet sent to the provider
    CREATED = "created"  # the provider accepted it (on hold until the scan is done)
    PROCESSED = "processed"
    FAILED = "failed"
    SKIPPED = "skipped"  # nothing left to transfer (refunded before it was sent)


class Transfer(Base):
    __tablename__ = "transfers"
    __table_args__ = (
        CheckConstraint("amount_paise > 0", name="amount_positive"),
        CheckConstraint("reversed_paise >= 0 AND reversed_paise <= amount_paise", name="reversals_within_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)  # one partner share each
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    account_id: Mapped[str] = mapped_column(String(64))
    amount_paise: Mapped[int] = mapped_column(Integer)
    reversed_paise: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[TransferStatus] = mapped_column(str_enum(TransferStatus), default=TransferStatus.QUEUED)
    on_hold: Mapped[bool] = mapped_column(Boolean, default=True)
    provider_transfer_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    payment: Mapped[Payment] = relationship()


class TransferReversal(Base):
    __tablename__ = "transfer_reversals"
    __table_args__ = (CheckConstraint("amount_paise > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), index=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id"), unique=True)  # one reversal per refund
    amount_paise: Mapped[int] = mapped_column(Integer)
    provider_reversal_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
