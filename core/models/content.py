"""Editorial content: banners, FAQs, city/service landing pages and blog posts, each with a publishing state."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum


class ContentKind(str, enum.Enum):
    BANNER = "banner"
    FAQ = "faq"
    LANDING = "landing"  # /scans/<city>/<service>
    BLOG = "blog"


class ContentStatus(str, enum.Enum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # goes live at publish_at
    PUBLISHED = "published"
    ARCHIVED = "archived"


class ContentEntry(Base):
    __tablename__ = "content_entries"
    __table_args__ = (
        # A public URL names exactly one entry per language.
        UniqueConstraint("kind", "slug", "language", name="uq_content_entries_kind_slug_language"),
        CheckConstraint("status <> 'scheduled' OR publish_at IS NOT NULL", name="scheduled_has_time"),
        CheckConstraint("kind <> 'landing' OR (city_id IS NOT NULL AND service_id IS NOT NULL)",
                        name="landing_has_city_and_service"),
        Index("ix_content_entries_live", "kind", "status", "publish_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ContentKind] = mapped_column(str_enum(ContentKind, 10))
    slug: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(10), default="en")  # "hinglish" is 8 letters
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitized on the way in (core.content.sanitize)
    keywords: Mapped[str] = mapped_column(String(400), default="")  # FAQ matching, space separated
    link_url: Mapped[str] = mapped_column(String(300), default="")  # banners: where a tap goes
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ContentStatus] = mapped_column(str_enum(ContentStatus, 10), default=ContentStatus.DRAFT)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seo_title: Mapped[str] = mapped_column(String(70), default="")
    seo_description: Mapped[str] = mapped_column(String(160), default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
