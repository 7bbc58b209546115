"""Partner imaging centers, their documents and the services (with prices) they offer."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.cities import City
from core.models.enums import str_enum
from core.models.services import Service


class Tier(str, enum.Enum):
    BASIC = "basic"
    PRO = "pro"


class VerificationStatus(str, enum.Enum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Center(Base):
    __tablename__ = "centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The short name partners and imports use (e.g. "PUNE-03"); unique so a CSV row names one center.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    area: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(300))
    pincode: Mapped[str] = mapped_column(String(6))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    tier: Mapped[Tier] = mapped_column(str_enum(Tier), default=Tier.BASIC)
    verification_status: Mapped[VerificationStatus] = mapped_column(
        str_enum(VerificationStatus), default=VerificationStatus.PENDING
    )
    gstin: Mapped[str | None] = mapped_column(String(15))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # {"mon": ["08:00", "20:00"], ..., "sun": null}: India time; null = closed that day
    working_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"modality": "MRI", "name": "Siemens Magnetom 1.5T"}]: what the center scans on
    machines: Mapped[list] = mapped_column(JSON, default=list)
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    city: Mapped[City] = relationship()
    documents: Mapped[list[CenterDocument]] = relationship(cascade="all, delete-orphan")

    def __str__(self) -> str:
        """'Lotus Diagnostics (Kothrud)', or just the name when it already says where it is."""
        return self.name if self.area.lower() in self.name.lower() else f"{self.name} ({self.area})"


class CenterDocument(Base):
    __tablename__ = "center_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # core.center_documents.KINDS: registration, pcpndt, aerb...
    storage_key: Mapped[str] = mapped_column(String(300))
    status: Mapped[VerificationStatus] = mapped_column(
        str_enum(VerificationStatus), default=VerificationStatus.PENDING
    )
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    content_type: Mapped[str] = mapped_column(String(40), default="application/pdf")
    sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(Text)


class CenterService(Base):
    __tablename__ = "center_services"
    __table_args__ = (
        UniqueConstraint("center_id", "service_id"),
        CheckConstraint("price_paise > 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    price_paise: Mapped[int] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    center: Mapped[Center] = relationship()
    service: Mapped[Service] = relationship()
