"""Patient documents: prescriptions they send us and reports centers upload. Bytes live in file storage."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum
from core.models.users import Role


class DocumentKind(str, enum.Enum):
    PRESCRIPTION = "prescription"
    REPORT = "report"


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        # A report belongs to a scan; a prescription may arrive before the patient has booked.
        CheckConstraint("kind <> 'report' OR booking_id IS NOT NULL", name="report_has_booking"),
        CheckConstraint("size_bytes > 0", name="size_positive"),
        Index("ix_documents_booking_kind", "booking_id", "kind"),
        # One version number per file of a booking: two uploads racing for "v2" cannot both win.
        UniqueConstraint("booking_id", "kind", "label", "version", name="uq_documents_booking_kind_label_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)  # the patient it belongs to
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"))
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind))
    storage_key: Mapped[str] = mapped_column(String(300), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_by_role: Mapped[Role] = mapped_column(str_enum(Role))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A report's file of one scan ("MRI Knee", "Films page 2"); a new upload under the same label is the next
    # version, and earlier versions are kept.
    label: Mapped[str | None] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
