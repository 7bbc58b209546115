"""API tokens for /api/v1: one per center or per staff user. Only a hash of the token is stored."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow


class ApiToken(Base):
    __tablename__ = "api_tokens"
    __table_args__ = (
        # A token acts either for one center (its partner systems) or for one staff user, never both
        # and never for nobody: whoever calls must be someone the permission matrix can judge.
        CheckConstraint("(center_id IS NULL) <> (user_id IS NULL)", name="center_or_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # sha256 of the secret: a leaked table grants nothing; unique so a lookup finds one token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # the first characters, to tell tokens apart in lists
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
