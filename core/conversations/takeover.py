"""Support agents taking a conversation from the bot, replying, and handing it back."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.conversations import log, outbound
from core.errors import Conflict, Forbidden, ValidationError
from core.messaging import MessagingProvider
from core.models.conversations import Author, Conversation, ConversationState, Message
from core.models.users import Role

AGENT_ROLES = (Role.SUPPORT_AGENT, Role.OPS_MANAGER)
BOT, AGENT = ConversationState.BOT, ConversationState.AGENT


def request_agent(session: Session, *, actor: Actor, conversation_id: int, reason: str) -> Conversation:
    """The patient asked for a person: the bot stops answering and the chat waits for an agent."""
    conversation = _load_for_update(session, conversation_id)
    if conversation.state is AGENT:
        return conversation
    conversation.state = AGENT
    _audit(session, actor, "conversation.queued_for_agent", conversation, BOT, reason)
    return conversation


def take_over(session: Session, *, actor: Actor, conversation_id: int) -> Conversation:
    """An agent takes the conversation; patient messages now reach only the agent, not rasa."""
    actor.require(*AGENT_ROLES)
    if actor.user_id is None:
        raise ValidationError("Only a signed-in agent can take over a conversation.")
    conversation = _load_for_update(session, conversation_id)
    if conversation.agent_id == actor.user_id:
        return conversation
    if conversation.agent_id is not None:
        raise Conflict(f"This conversation is already handled by agent {conversation.agent_id}.")
    was = conversation.state
    conversation.state, conversation.agent_id = AGENT, actor.user_id
    _audit(session, actor, "conversation.taken_over", conversation, was)
    return conversation


def hand_back(session: Session, *, actor: Actor, conversation_id: int) -> Conversation:
    """Give the conversation back to the bot, which starts a fresh rasa conversation (no stale form)."""
    actor.require(*AGENT_ROLES)
    conversation = _load_for_update(session, conversation_id)
    if conversation.state is BOT:
        raise Conflict("The bot is already handling this conversation.")
    if conversation.agent_id not in (None, actor.user_id) and actor.role is not Role.OPS_MANAGER:
        raise Forbidden("Only the agent handling this conversation (or an ops manager) can hand it back.")
    conversation.state, conversation.agent_id = BOT, None
    conversation.rasa_epoch += 1
    _audit(session, actor, "conversation.handed_back", conversation, AGENT)
    return conversation


def agent_reply(session: Session, messaging: MessagingProvider, *, actor: Actor, conversation_id: int,
                body: str) -> Message:
    """Send an agent's message to the patient (the conversation must be theirs)."""
    actor.require(*AGENT_ROLES)
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write a message before sending.")
    conversation = log.get(session, conversation_id)
    if conversation.state is not AGENT or conversation.agent_id != actor.user_id:
        raise Forbidden("Take the conversation over before replying to the patient.")
    return outbound.send_text(session, messaging, conversation=conversation, body=body, author=Author.AGENT,
                              agent_id=actor.user_id)


def _load_for_update(session: Session, conversation_id: int) -> Conversation:
    log.get(session, conversation_id)  # NotFound with a clear message
    return session.execute(select(Conversation).where(Conversation.id == conversation_id)
                           .with_for_update().execution_options(populate_existing=True)).scalar_one()


def _audit(session: Session, actor: Actor, action: str, conversation: Conversation,
           was: ConversationState, reason: str | None = None) -> None:
    audit.record(session, actor=actor, action=action, entity_type="conversation", entity_id=conversation.id,
                 before={"state": was.value},
                 after={"state": conversation.state.value, "agent_id": conversation.agent_id,
                        "rasa_epoch": conversation.rasa_epoch}, reason=reason)
