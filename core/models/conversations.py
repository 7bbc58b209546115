"""WhatsApp conversations (one per patient number) and their message log, read by support agents."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum
from core.models.users import User


class ConversationState(str, enum.Enum):
    BOT = "bot"  # messages go to rasa
    AGENT = "agent"  # support owns it (agent_id, or nobody yet: waiting in the queue); rasa sees nothing


class Direction(str, enum.Enum):
    IN = "in"
    OUT = "out"


class Author(str, enum.Enum):
    PATIENT = "patient"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"  # gateway fallbacks, acknowledgements and notifications


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        # An agent assigned to a bot conversation would believe they own a chat the bot is answering.
        CheckConstraint("agent_id IS NULL OR state = 'agent'", name="agent_only_in_agent_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164, the WhatsApp number
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    profile_name: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[ConversationState] = mapped_column(str_enum(ConversationState, 10),
                                                     default=ConversationState.BOT)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # WhatsApp's customer-care window: free-form messages only within 24 h of the patient's last one.
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on hand-back so rasa starts a fresh tracker (no half-filled form survives a takeover).
    rasa_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # Processing lease: the one gateway job (of possibly several workers) handling this conversation.
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def rasa_sender_id(self) -> str:
        """The sender rasa knows; no phone number in it, so rasa's tracker store holds no contact data."""
        return f"conv-{self.id}-{self.rasa_epoch}"


_PENDING = "direction = 'in' AND processed_at IS NULL"


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        # The gateway job looks for the oldest unprocessed inbound message of a conversation.
        Index("ix_messages_pending", "conversation_id", "id",
              postgresql_where=text(_PENDING), sqlite_where=text(_PENDING)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    direction: Mapped[Direction] = mapped_column(str_enum(Direction, 3))
    author: Mapped[Author] = mapped_column(str_enum(Author, 10))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)  # the inbound it answers
    # Twilio's MessageSid (inbound) or the provider's id (outbound). Unique: a webhook retried by
    # Twilio carries the same MessageSid and must not be processed twice.
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
    buttons: Mapped[list | None] = mapped_column(JSON)  # [{"title", "payload"}] offered with the text
    media: Mapped[list] = mapped_column(JSON, default=list)  # inbound: [{"url", "content_type", "key"?}]
    status: Mapped[str | None] = mapped_column(String(20))  # outbound delivery status
    error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # inbound: the job handled it
