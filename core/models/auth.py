"""Sign-in state kept on the server: one-time-code challenges and browser sessions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.users import User


class OtpChallenge(Base):
    """One code sent to one phone. The code itself is never stored, only its HMAC (local provider) or
    the provider's verification id (Twilio Verify keeps the code)."""

    __tablename__ = "otp_challenges"
    __table_args__ = (
        # Attempts are counted by a conditional UPDATE; the bound keeps a racing pair from overshooting.
        CheckConstraint("attempts >= 0 AND attempts <= 5", name="attempts_bounded"),
        Index("ix_otp_challenges_phone_created", "phone", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    provider: Mapped[str] = mapped_column(String(20))
    code_hash: Mapped[str | None] = mapped_column(String(64))
    provider_ref: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # used, superseded or exhausted


class AuthSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is kept here, so a
    database read does not hand out live sessions."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))  # otp | password
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(30))

    user: Mapped[User] = relationship()
