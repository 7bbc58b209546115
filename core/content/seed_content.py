"""Demo content: the FAQ answers (as CMS entries the bot and /faq read), a home banner, a landing page
per city for MRI, and one blog post, all published."""
from __future__ import annotations

import html

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.content.faq import FAQS
from core.content.sanitize import clean_html
from core.models import City, Service
from core.models.content import ContentEntry, ContentKind, ContentStatus

K = ContentKind


def seed_content(session: Session, *, cities: list[City], services: list[Service]) -> int:
    """Add the demo entries; returns how many."""
    now = now_utc()
    faqs = len(seed_faqs(session))
    entries = [ContentEntry(kind=K.BANNER, slug="first-scan-offer", title="Book an MRI, CT or X-ray on WhatsApp",
                        summary="Real slots, real prices, a confirmed booking in minutes.", link_url="/faq")]
    mri = next((s for s in services if s.code.upper().startswith("MRI")), services[0])
    entries += [ContentEntry(kind=K.LANDING, slug=f"{city.slug}-{mri.code.lower()}", title=f"{mri.name} in {city.name}",
                             city_id=city.id, service_id=mri.id, seo_title=f"{mri.name} in {city.name} | MedEzy"[:70],
                             body_html=clean_html(f"<p>Compare verified centers for {mri.name} in {city.name} and "
                                                  "book a slot on WhatsApp.</p>")) for city in cities]
    entries.append(ContentEntry(kind=K.BLOG, slug="preparing-for-an-mri", title="Preparing for an MRI",
                                summary="What to wear, what to bring and how long it takes.",
                                body_html=clean_html("<p>Wear clothes without metal, bring your prescription and "
                                                     "earlier reports, and arrive 15 minutes early.</p>")))
    for entry in entries:
        entry.status, entry.publish_at, entry.language = ContentStatus.PUBLISHED, now, "en"
    session.add_all(entries)
    session.flush()
    return faqs + len(entries)


def seed_faqs(session: Session) -> list[ContentEntry]:
    """Publish the FAQ answers whose slug the CMS does not hold yet (the bot answers from these); returns them."""
    taken = set(session.scalars(select(ContentEntry.slug).where(ContentEntry.kind == K.FAQ,
                                                                ContentEntry.language == "en")))
    now, added = now_utc(), [_faq(position, faq) for position, faq in enumerate(FAQS)]
    added = [entry for entry in added if entry.slug not in taken]
    for entry in added:
        entry.status, entry.publish_at, entry.language = ContentStatus.PUBLISHED, now, "en"
    session.add_all(added)
    session.flush()
    return added


def _faq(position: int, faq) -> ContentEntry:
    return ContentEntry(kind=K.FAQ, slug=faq.topic.replace("_", "-"), title=faq.topic.replace("_", " ").capitalize(),
                        body_html=clean_html(f"<p>{html.escape(faq.answer)}</p>"), keywords=" ".join(faq.keywords),
                        position=position)
