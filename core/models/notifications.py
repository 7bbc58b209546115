"""Notifications (one row per message per channel), the consent ledger and language preferences."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum


class Channel(str, enum.Enum):
    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"


class Category(str, enum.Enum):
    UTILITY = "utility"  # about a booking the patient made (WhatsApp utility, DLT service-implicit)
    MARKETING = "marketing"  # needs an explicit opt-in


class NotificationState(str, enum.Enum):
    QUEUED = "queued"  # waiting for its job (or for not_before: quiet hours, backoff)
    SENDING = "sending"  # attempt recorded, provider called; outcome not yet written back
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    CANCELLED = "cancelled"  # no longer true (a reminder for a cancelled or moved booking)


_DUE = "state = 'queued'"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # The sweep looks for queued rows whose time has come; only queued rows matter.
        Index("ix_notifications_due", "not_before", postgresql_where=text(_DUE), sqlite_where=text(_DUE)),
        Index("ix_notifications_booking", "booking_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # event + recipient + channel. Unique: an outbox event delivered twice, a sweep run twice or two
    # workers racing must never queue the same message twice; the database decides, not a read first.
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    trigger: Mapped[str] = mapped_column(String(40))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, 10))
    category: Mapped[Category] = mapped_column(str_enum(Category, 10), default=Category.UTILITY)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(10), default="en")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"))
    address: Mapped[str] = mapped_column(String(254))  # E.164 phone or email address
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    template: Mapped[str | None] = mapped_column(String(60))  # WhatsApp template name / DLT template key
    variables: Mapped[dict] = mapped_column(JSON, default=dict)
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # [{"kind": "invoice", "id": 7}]
    state: Mapped[NotificationState] = mapped_column(str_enum(NotificationState, 10),
                                                     default=NotificationState.QUEUED)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    conversation_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    fallback_of_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))
    error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ConsentEntry(Base):
    """Append-only: the latest entry per (user, channel, category) is the patient's current choice."""

    __tablename__ = "consent_entries"
    __table_args__ = (Index("ix_consent_latest", "user_id", "channel", "category", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, 10))
    category: Mapped[Category] = mapped_column(str_enum(Category, 10))
    granted: Mapped[bool] = mapped_column(Boolean)
    purpose: Mapped[str] = mapped_column(String(200))  # "WhatsApp opt-in", "DLT service", "DPDP consent"...
    source: Mapped[str] = mapped_column(String(40))  # "whatsapp STOP", "sms STOP", "profile", "support"
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(10), default="en")  # en, hi, hinglish
