"""Sending a campaign in the background: the console asks (draft -> sending, once, however often the button
is pressed), and the outbox handler queues the messages through campaigns.launch as the person who asked."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import Actor
from core.clock import now_utc
from core.errors import IllegalTransition, NotFound
from core.marketing import campaigns
from core.models.campaigns import Campaign, CampaignStatus
from core.models.users import User


def request_launch(session: Session, *, actor: Actor, campaign_id: int) -> Campaign:
    """Mark a draft campaign as sending and queue its launch; a second request finds it already sending."""
    actor.require_permission("campaign.send")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(f"Campaign {campaign_id} does not exist.")
    # A conditional UPDATE, not a read-then-write: two clicks in two requests cannot both move it.
    moved = session.execute(update(Campaign).where(Campaign.id == campaign_id,
                                                   Campaign.status == CampaignStatus.DRAFT)
                            .values(status=CampaignStatus.SENDING).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise IllegalTransition(f"Campaign {campaign.name!r} is already {campaign.status.value}.")
    session.refresh(campaign)
    audit.record(session, actor=actor, action="campaign.launch_requested", entity_type="campaign",
                 entity_id=campaign.id, before={"status": "draft"}, after={"status": "sending"})
    outbox.emit(session, topics.CAMPAIGN_LAUNCH_REQUESTED, campaign_id=campaign.id, user_id=actor.user_id)
    return campaign


def run_launch(session: Session, *, campaign_id: int, user_id: int, quiet_hours: str,
               now: datetime | None = None) -> Campaign | None:
    """Queue the messages of a campaign marked sending; a redelivered event finds it sent and does nothing."""
    campaign = session.get(Campaign, campaign_id)
    user = session.get(User, user_id)
    if campaign is None or campaign.status is not CampaignStatus.SENDING or user is None:
        return campaign
    return campaigns.launch(session, actor=Actor.of(user), campaign_id=campaign_id, now=now or now_utc(),
                            quiet_hours=quiet_hours)


def on_launch_requested(session: Session, payload: dict, c) -> None:
    """Outbox handler: launch with the process's quiet hours."""
    run_launch(session, campaign_id=payload["campaign_id"], user_id=payload["user_id"],
               quiet_hours=c.settings.quiet_hours)


SUBSCRIPTIONS = {topics.CAMPAIGN_LAUNCH_REQUESTED: [on_launch_requested]}
