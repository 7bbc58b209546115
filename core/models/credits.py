"""Goodwill credit ledger: append-only entries per patient; the balance is their sum."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum
from core.models.users import Role


class CreditKind(str, enum.Enum):
    ISSUED = "issued"  # support grants goodwill (+)
    SPENT = "spent"  # used at checkout, written when the payment is captured (-)
    RESTORED = "restored"  # given back when the booking is refunded in full (+)


class CreditEntry(Base):
    __tablename__ = "credit_entries"
    __table_args__ = (
        CheckConstraint("amount_paise <> 0", name="amount_non_zero"),
        CheckConstraint("(kind = 'spent') = (amount_paise < 0)", name="sign_matches_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    amount_paise: Mapped[int] = mapped_column(Integer)
    kind: Mapped[CreditKind] = mapped_column(str_enum(CreditKind))
    reason: Mapped[str] = mapped_column(Text)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"))
    # Spending or restoring for one booking happens once, however often the event is delivered.
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[Role] = mapped_column(str_enum(Role))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
