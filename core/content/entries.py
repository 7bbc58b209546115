"""Write and publish editorial content (marketing's CMS), and read what is live for the public pages.

An entry is live when it is published, or scheduled with its time passed: scheduling needs no job, so a
restart or a missed tick never leaves a post unpublished.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.content.sanitize import clean_html, plain
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.content import ContentEntry, ContentKind, ContentStatus

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("en", "hi", "hinglish")
S = ContentStatus


@dataclass(frozen=True)
class Draft:
    """What an editor submits; every field is checked and cleaned before it reaches the database."""

    kind: ContentKind
    slug: str
    title: str
    body_html: str = ""
    summary: str = ""
    keywords: str = ""
    link_url: str = ""
    language: str = "en"
    city_id: int | None = None
    service_id: int | None = None
    position: int = 0
    seo_title: str = ""
    seo_description: str = ""


def get_or_raise(session: Session, *, entry_id: int) -> ContentEntry:
    """The entry, or NotFound."""
    entry = session.get(ContentEntry, entry_id)
    if entry is None:
        raise NotFound(f"Content entry {entry_id} does not exist.")
    return entry


def create(session: Session, *, actor: Actor, draft: Draft) -> ContentEntry:
    """A new draft entry."""
    actor.require_permission("content.edit")
    entry = ContentEntry(status=S.DRAFT, updated_by=actor.user_id, **_cleaned(draft))
    _save(session, entry)
    _audit(session, actor, "content.created", entry, after={"kind": entry.kind.value, "slug": entry.slug})
    return entry


def update(session: Session, *, actor: Actor, entry_id: int, draft: Draft) -> ContentEntry:
    """Replace an entry's fields (its publishing state is unchanged)."""
    actor.require_permission("content.edit")
    entry = get_or_raise(session, entry_id=entry_id)
    before = {"title": entry.title, "slug": entry.slug}
    for name, value in _cleaned(draft).items():
        setattr(entry, name, value)
    entry.updated_by = actor.user_id
    _save(session, entry)
    _audit(session, actor, "content.updated", entry, before=before, after={"title": entry.title, "slug": entry.slug})
    return entry


def publish(session: Session, *, actor: Actor, entry_id: int, now: datetime, at: datetime | None = None) -> ContentEntry:
    """Publish now, or schedule for `at` when that is in the future."""
    actor.require_permission("content.edit")
    entry = get_or_raise(session, entry_id=entry_id)
    if entry.kind in (ContentKind.LANDING, ContentKind.BLOG) and not entry.body_html:
        raise ValidationError("Write the page before publishing it.")
    before = entry.status
    entry.status, entry.publish_at = (S.SCHEDULED, at) if at and at > now else (S.PUBLISHED, now)
    _audit(session, actor, "content.published", entry, before={"status": before.value},
           after={"status": entry.status.value, "publish_at": entry.publish_at.isoformat()})
    return entry


def archive(session: Session, *, actor: Actor, entry_id: int) -> ContentEntry:
    """Take an entry off the site (kept for the record)."""
    actor.require_permission("content.edit")
    entry = get_or_raise(session, entry_id=entry_id)
    if entry.status is S.ARCHIVED:
        raise IllegalTransition(f"{entry.title!r} is already archived.")
    before, entry.status = entry.status, S.ARCHIVED
    _audit(session, actor, "content.archived", entry, before={"status": before.value}, after={"status": "archived"})
    return entry


def live(session: Session, *, kind: ContentKind, now: datetime, language: str = "en", city_id: int | None = None,
         service_id: int | None = None) -> list[ContentEntry]:
    """What the public sees of one kind, in display order (landing pages: optionally one city and scan)."""
    query = select(ContentEntry).where(ContentEntry.kind == kind, ContentEntry.language == language, _is_live(now))
    if city_id is not None:
        query = query.where(ContentEntry.city_id == city_id)
    if service_id is not None:
        query = query.where(ContentEntry.service_id == service_id)
    return list(session.scalars(query.order_by(ContentEntry.position, ContentEntry.publish_at.desc(), ContentEntry.id)))


def live_every_language(session: Session, *, kind: ContentKind, now: datetime) -> list[ContentEntry]:
    """Every live entry of one kind, whatever its language, in display order (the bot picks the version)."""
    query = select(ContentEntry).where(ContentEntry.kind == kind, _is_live(now))
    return list(session.scalars(query.order_by(ContentEntry.position, ContentEntry.id)))


def live_one(session: Session, *, kind: ContentKind, slug: str, now: datetime, language: str = "en") -> ContentEntry:
    """One live entry by its slug, or NotFound (drafts and archived entries read exactly like missing ones)."""
    entry = session.scalar(select(ContentEntry).where(ContentEntry.kind == kind, ContentEntry.slug == slug,
                                                      ContentEntry.language == language, _is_live(now)))
    if entry is None:
        raise NotFound(f"No page {slug!r}.")
    return entry


def _is_live(now: datetime):
    return or_(ContentEntry.status == S.PUBLISHED,
               (ContentEntry.status == S.SCHEDULED) & (ContentEntry.publish_at <= now))


def _cleaned(draft: Draft) -> dict:
    slug = (draft.slug or "").strip().lower()
    if not SLUG.match(slug) or len(slug) > 120:
        raise ValidationError("The slug may hold lower-case letters, digits and single hyphens (e.g. mri-knee-pune).")
    title = plain(draft.title, 200)
    if not title:
        raise ValidationError("Give the entry a title.")
    if draft.language not in LANGUAGES:
        raise ValidationError(f"Language must be one of {', '.join(LANGUAGES)}.")
    if draft.kind is ContentKind.LANDING and (draft.city_id is None or draft.service_id is None):
        raise ValidationError("A landing page needs a city and a scan.")
    link = plain(draft.link_url, 300)
    if link and not (link.startswith("/") and not link.startswith("//") or link.startswith("https://")):
        raise ValidationError("A banner links to a page of ours (/...) or an https:// address.")
    return dict(kind=ContentKind(draft.kind), slug=slug, title=title, language=draft.language,
                body_html=clean_html(draft.body_html), summary=plain(draft.summary, 400),
                keywords=plain(draft.keywords, 400).lower(), link_url=link, city_id=draft.city_id,
                service_id=draft.service_id, position=int(draft.position),
                seo_title=plain(draft.seo_title, 70), seo_description=plain(draft.seo_description, 160))


def _save(session: Session, entry: ContentEntry) -> None:
    try:
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError:
        raise ValidationError(f"Another {entry.kind.value} already uses the slug {entry.slug!r}.") from None


def _audit(session: Session, actor: Actor, action: str, entry: ContentEntry, **changes) -> None:
    audit.record(session, actor=actor, action=action, entity_type="content", entity_id=entry.id, **changes)
