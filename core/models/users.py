"""Users, their role, and the patient profile with emergency contacts."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum


class Role(str, enum.Enum):
    SUPER_ADMIN = "super_admin"
    OPS_MANAGER = "ops_manager"
    FINANCE = "finance"
    MARKETING = "marketing"
    SUPPORT_AGENT = "support_agent"
    PARTNER_STAFF = "partner_staff"
    PATIENT = "patient"
    SYSTEM = "system"  # the platform itself: sweeps, webhooks, the bot


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # A partner's whole view of the product is scoped by center; without one they would see nothing
        # or, worse, everything.
        CheckConstraint(
            "(role = 'partner_staff') = (center_id IS NOT NULL)", name="partner_has_center"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A center's admin (partner staff only) may invite colleagues; the first partner MedEzy adds is one.
    is_center_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    profile: Mapped[PatientProfile | None] = relationship(back_populates="user", uselist=False)

    def __repr__(self) -> str:  # never print the password hash
        return f"<User {self.id} {self.role.value if self.role else None}>"


class Sex(str, enum.Enum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class PatientProfile(Base):
    __tablename__ = "patient_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    phone_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[Sex | None] = mapped_column(str_enum(Sex, 10))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))

    user: Mapped[User] = relationship(back_populates="profile")
    emergency_contacts: Mapped[list[EmergencyContact]] = relationship(
        cascade="all, delete-orphan", order_by="EmergencyContact.id"
    )


class EmergencyContact(Base):
    __tablename__ = "emergency_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient_profiles.user_id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    relation: Mapped[str] = mapped_column(String(40))
