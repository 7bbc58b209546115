"""Bookings and their status history. Transitions live in core.booking.lifecycle."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.centers import Center
from core.models.enums import str_enum
from core.models.services import Service
from core.models.slots import Slot
from core.models.users import Role, Sex, User


class BookingStatus(str, enum.Enum):
    HELD = "held"  # slot held while the patient pays
    PENDING = "pending"  # paid, awaiting the partner's confirmation
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # the hold lapsed unpaid

    @property
    def claims_slot(self) -> bool:
        """Whether a booking in this state occupies a unit of its slot's capacity."""
        return self in CLAIMING_STATUSES

    @property
    def patient_label(self) -> str:
        return PATIENT_LABELS[self]


CLAIMING_STATUSES = frozenset(
    {BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.COMPLETED,
     BookingStatus.NO_SHOW}
)

# What a patient sees: four words, not seven internal states.
PATIENT_LABELS = {
    BookingStatus.HELD: "Pending",
    BookingStatus.PENDING: "Pending",
    BookingStatus.CONFIRMED: "Confirmed",
    BookingStatus.COMPLETED: "Completed",
    BookingStatus.NO_SHOW: "Cancelled",
    BookingStatus.CANCELLED: "Cancelled",
    BookingStatus.EXPIRED: "Cancelled",
}


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("price_paise > 0", name="price_positive"),
        CheckConstraint("patient_age IS NULL OR (patient_age >= 0 AND patient_age <= 120)", name="age_range"),
        # Holds are swept and searched by expiry; only held rows matter, so the index is partial.
        Index("ix_bookings_live_holds", "slot_id", "hold_expires_at",
              postgresql_where=text("status = 'held'"), sqlite_where=text("status = 'held'")),
        Index("ix_bookings_user_created", "user_id", "created_at"),
        Index("ix_bookings_paid_at", "paid_at"),  # the dashboard counts and ranks paid bookings by payment time
        # The console's bookings lists page newest first by keyset on id, a center's list too.
        Index("ix_bookings_center_id_id", "center_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    status: Mapped[BookingStatus] = mapped_column(str_enum(BookingStatus), index=True)
    price_paise: Mapped[int] = mapped_column(Integer)
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who is scanned: the booker or a family member.
    patient_name: Mapped[str] = mapped_column(String(120))
    patient_age: Mapped[int | None] = mapped_column(Integer)
    patient_sex: Mapped[Sex | None] = mapped_column(str_enum(Sex, 10))
    family_member_id: Mapped[int | None] = mapped_column(ForeignKey("family_members.id"))  # None: the booker
    source: Mapped[str] = mapped_column(String(20), default="whatsapp")
    cancelled_by: Mapped[Role | None] = mapped_column(str_enum(Role))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the patient arrived at the desk

    user: Mapped[User] = relationship()
    slot: Mapped[Slot] = relationship()
    center: Mapped[Center] = relationship()
    service: Mapped[Service] = relationship()
    history: Mapped[list[BookingStatusChange]] = relationship(
        order_by="BookingStatusChange.id", cascade="all, delete-orphan"
    )


class BookingStatusChange(Base):
    __tablename__ = "booking_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    from_status: Mapped[BookingStatus | None] = mapped_column(str_enum(BookingStatus, name="from_status"))
    to_status: Mapped[BookingStatus] = mapped_column(str_enum(BookingStatus, name="to_status"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[Role] = mapped_column(str_enum(Role))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
