"""Campaigns: a WhatsApp template broadcast to an audience (city, scan, recent booking, language), sent
only to patients who opted in to marketing on WhatsApp, at most once a week each, never in quiet hours.

Each message goes through the notifications queue with the campaign as its event, so a campaign launched
twice (a double click, a retried request) queues every message once, and its delivery states are the
notifications' own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.errors import IllegalTransition, NotFound, ValidationError
from core.marketing import languages
from core.models import Booking, Center, User
from core.models.campaigns import Campaign, CampaignStatus
from core.models.notifications import Category, Channel, ConsentEntry, Notification, NotificationPreference
from core.models.users import Role
from core.notify import consent
from core.notify.queue import Draft, queue
from core.notify.quiet_hours import QuietHours

FREQUENCY_CAP = timedelta(days=7)  # at most one marketing message per patient per week
MAX_AUDIENCE = 100_000
LANGUAGES = ("en", "hi", "hinglish")


def create(session: Session, *, actor: Actor, name: str, template: str, body: str, city_id: int | None = None,
           service_id: int | None = None, language: str | None = None, booked_within_days: int | None = None,
           translations: dict[str, str] | None = None) -> Campaign:
    """A draft campaign; nothing is sent until it is launched. `translations`: the template's text in Hindi
    and Hinglish where it is approved in those languages (patients reading them get it)."""
    actor.require_permission("campaign.send")
    name, template, body = " ".join((name or "").split())[:120], (template or "").strip(), (body or "").strip()
    if not name or not template or not body:
        raise ValidationError("A campaign needs a name, an approved template and its text.")
    if language is not None and language not in LANGUAGES:
        raise ValidationError(f"Language must be one of {', '.join(LANGUAGES)}.")
    if booked_within_days is not None and not 1 <= booked_within_days <= 3650:
        raise ValidationError("'Booked within' is a number of days between 1 and 3650.")
    campaign = Campaign(name=name, template=template, body=body[:1000], city_id=city_id, service_id=service_id,
                        language=language, booked_within_days=booked_within_days, created_by=actor.user_id,
                        bodies=languages.clean_translations(translations))
    session.add(campaign)
    session.flush()
    audit.record(session, actor=actor, action="campaign.created", entity_type="campaign", entity_id=campaign.id,
                 after={"name": name, "template": template, "languages": ["en", *campaign.bodies]})
    return campaign


def audience(session: Session, *, campaign: Campaign, now: datetime) -> list[User]:
    """Active patients with a phone who match every filter of the campaign (consent is checked at launch)."""
    return list(session.scalars(_audience(campaign, now).order_by(User.id).limit(MAX_AUDIENCE)))


@dataclass(frozen=True)
class Preview:
    matching: int  # patients the filters select
    opted_in: int  # of those, opted in to marketing on WhatsApp
    reachable: int  # of those, not messaged for marketing in the last week (the frequency cap)


def preview(session: Session, *, campaign: Campaign, now: datetime) -> Preview:
    """How many patients the campaign would reach, counted in SQL (nothing is queued)."""
    people = _audience(campaign, now).with_only_columns(User.id).limit(MAX_AUDIENCE).subquery()
    latest = (select(ConsentEntry.granted).where(ConsentEntry.user_id == people.c.id,
                                                 ConsentEntry.channel == Channel.WHATSAPP,
                                                 ConsentEntry.category == Category.MARKETING)
              .order_by(ConsentEntry.id.desc()).limit(1).scalar_subquery())
    recent = exists().where(Notification.user_id == people.c.id, Notification.category == Category.MARKETING,
                            Notification.created_at >= now - FREQUENCY_CAP)
    opted = latest.is_(True)
    matching, opted_in, reachable = session.execute(select(
        func.count(), func.count().filter(opted), func.count().filter(opted & ~recent)).select_from(people)).one()
    return Preview(matching, opted_in, reachable)


def _audience(campaign: Campaign, now: datetime):
    query = select(User).where(User.role == Role.PATIENT, User.is_active.is_(True), User.phone.is_not(None))
    booked = select(Booking.id).where(Booking.user_id == User.id)
    if campaign.city_id is not None:
        booked = booked.join(Center, Center.id == Booking.center_id).where(Center.city_id == campaign.city_id)
    if campaign.service_id is not None:
        booked = booked.where(Booking.service_id == campaign.service_id)
    if campaign.booked_within_days is not None:
        booked = booked.where(Booking.created_at >= now - timedelta(days=campaign.booked_within_days))
    if campaign.city_id or campaign.service_id or campaign.booked_within_days:
        query = query.where(exists(booked))
    if campaign.language is not None:
        query = query.join(NotificationPreference, NotificationPreference.user_id == User.id).where(
            NotificationPreference.language == campaign.language)
    return query


def launch(session: Session, *, actor: Actor, campaign_id: int, now: datetime, quiet_hours: str) -> Campaign:
    """Queue the campaign's messages; the counts say how many went out and why the others did not."""
    actor.require_permission("campaign.send")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(f"Campaign {campaign_id} does not exist.")
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SENDING):
        raise IllegalTransition(f"Campaign {campaign.name!r} was already {campaign.status.value}.")
    people, quiet = audience(session, campaign=campaign, now=now), QuietHours.parse(quiet_hours)
    queued = no_consent = capped = 0
    spoken = languages.preferred(session, [user.id for user in people])
    for user in people:
        if not consent.allows(session, user_id=user.id, channel=Channel.WHATSAPP, category=Category.MARKETING):
            no_consent += 1
        elif _messaged_recently(session, user.id, now):
            capped += 1
        elif queue(session, _draft(campaign, user, quiet, spoken.get(user.id)), now=now) is not None:
            queued += 1
    campaign.status, campaign.sent_at = CampaignStatus.SENT, now
    campaign.audience, campaign.queued, campaign.skipped_consent, campaign.skipped_cap = (
        len(people), queued, no_consent, capped)
    audit.record(session, actor=actor, action="campaign.launched", entity_type="campaign", entity_id=campaign.id,
                 after={"audience": len(people), "queued": queued, "skipped_consent": no_consent,
                        "skipped_cap": capped})
    return campaign


def progress(session: Session, *, campaign_id: int) -> dict[str, int]:
    """{notification state: count} of the campaign's messages: queued, sent, delivered, read, failed."""
    rows = session.execute(select(Notification.state, func.count())
                           .where(Notification.dedup_key.like(f"campaign:{campaign_id}|%"))
                           .group_by(Notification.state))
    return {state.value: count for state, count in rows}


def _messaged_recently(session: Session, user_id: int, now: datetime) -> bool:
    return session.scalar(select(exists().where(Notification.user_id == user_id,
                                                Notification.category == Category.MARKETING,
                                                Notification.created_at >= now - FREQUENCY_CAP)))


def _draft(campaign: Campaign, user: User, quiet: QuietHours | None, language: str | None) -> Draft:
    text = languages.text_for(campaign, language)
    return Draft(trigger="campaign", event=f"campaign:{campaign.id}", channel=Channel.WHATSAPP, address=user.phone,
                 body=text.body, recipient=f"user:{user.id}", category=Category.MARKETING, language=text.language,
                 template=text.template, user_id=user.id, quiet_hours=quiet)
