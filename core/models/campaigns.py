"""Marketing campaigns: one WhatsApp template broadcast to an audience of opted-in patients."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum


class CampaignStatus(str, enum.Enum):
    DRAFT = "draft"
    SENDING = "sending"  # launch asked for; the background job is queuing the messages
    SENT = "sent"  # every message queued (delivery goes on in the background)
    CANCELLED = "cancelled"


class Campaign(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    template: Mapped[str] = mapped_column(String(60))  # the approved WhatsApp template
    body: Mapped[str] = mapped_column(Text)  # the template's text as the patient reads it
    bodies: Mapped[dict | None] = mapped_column(JSON)  # {"hi": ..., "hinglish": ...}: the same template's texts
    # Audience: every filter given must match (none given: every patient who opted in).
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    language: Mapped[str | None] = mapped_column(String(10))
    booked_within_days: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[CampaignStatus] = mapped_column(str_enum(CampaignStatus, 10), default=CampaignStatus.DRAFT)
    audience: Mapped[int | None] = mapped_column(Integer)
    queued: Mapped[int | None] = mapped_column(Integer)
    skipped_consent: Mapped[int | None] = mapped_column(Integer)
    skipped_cap: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
