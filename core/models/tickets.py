"""Support tickets: opened when a patient asks for a person, worked by support agents."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum


class TicketStatus(str, enum.Enum):
    OPEN = "open"
    PENDING = "pending"  # waiting on the patient or a center
    RESOLVED = "resolved"
    CLOSED = "closed"  # resolved and left alone long enough; a new message opens a new ticket


class TicketPriority(str, enum.Enum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_priority", "status", "priority"),
        # Every ticket is about someone: a patient, a center, or both.
        CheckConstraint("user_id IS NOT NULL OR center_id IS NOT NULL", name="has_patient_or_center"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # the patient, if any
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)  # a center's escalation
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[TicketStatus] = mapped_column(str_enum(TicketStatus, 10), default=TicketStatus.OPEN)
    priority: Mapped[TicketPriority] = mapped_column(str_enum(TicketPriority, 10),
                                                     default=TicketPriority.NORMAL)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the request came from: bot ("talk to a person"), partner escalation, portal form, SLA sweep, staff.
    source: Mapped[str] = mapped_column(String(20), default="bot", server_default="bot")
    pending_reason: Mapped[str | None] = mapped_column(String(200))
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TicketNote(Base):
    """A reply to the patient or center, or an internal note only staff see."""

    __tablename__ = "ticket_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    internal: Mapped[bool] = mapped_column(Boolean, default=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CannedReply(Base):
    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80), unique=True)
    body: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class AgentPresence(Base):
    """Who is taking tickets right now; an agent is online until `online_until` (a heartbeat moves it on)."""

    __tablename__ = "agent_presence"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    online_until: Mapped[datetime] = mapped_column(UTCDateTime)
    max_open: Mapped[int] = mapped_column(Integer, default=8)
