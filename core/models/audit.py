"""The audit log and its hash chain, both append-only (on Postgres triggers reject UPDATE/DELETE/TRUNCATE).

Writers only INSERT into `audit_entries`; the sealer (core.audit_seal) later appends each entry to
`audit_chain` with its position and keyed hash. Keeping the chain in its own table means no entry is
ever updated, and no writer waits for the chain.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum
from core.models.users import Role


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[Role] = mapped_column(str_enum(Role))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class AuditLink(Base):
    """One sealed entry: its place in the chain and the HMAC that ties it to the link before it."""

    __tablename__ = "audit_chain"

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1-based, no gaps
    entry_id: Mapped[int] = mapped_column(ForeignKey("audit_entries.id"), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
