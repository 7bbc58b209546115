"""Demo content: the FAQ answers in English, Hindi and Hinglish (as CMS entries the bot and /faq read), a
home banner, a landing page per city for MRI, and one blog post, all published."""
from __future__ import annotations

import html

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.content.faq import FAQS, Faq
from core.content.faq_translated import ANSWERS, HINDI_KEYWORDS, TITLES
from core.content.sanitize import clean_html
from core.models import City, Service
from core.models.content import ContentEntry, ContentKind, ContentStatus

K = ContentKind


def seed_content(session: Session, *, cities: list[City], services: list[Service]) -> int:
    """Add the demo entries; returns how many."""
    now = now_utc()
    entries = new_faq_entries(session)
    entries.append(ContentEntry(kind=K.BANNER, slug="first-scan-offer", title="Book an MRI, CT or X-ray on WhatsApp",
                                summary="Real slots, real prices, a confirmed booking in minutes.", link_url="/faq"))
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
        entry.status, entry.publish_at = ContentStatus.PUBLISHED, now
    session.add_all(entries)
    session.flush()
    return len(entries)


def new_faq_entries(session: Session) -> list[ContentEntry]:
    """The demo FAQs the CMS does not hold yet (by slug and language): seeding twice adds nothing."""
    taken = set(session.execute(select(ContentEntry.slug, ContentEntry.language)
                                .where(ContentEntry.kind == K.FAQ)).tuples())
    return [entry for entry in faq_entries() if (entry.slug, entry.language) not in taken]


def faq_entries() -> list[ContentEntry]:
    """The demo FAQs as entries: each topic in English, Hindi and Hinglish (one slug, three languages)."""
    made = []
    for position, faq in enumerate(FAQS):
        made.append(_faq(position, faq, "en", faq.topic.replace("_", " ").capitalize(), faq.answer,
                         " ".join(faq.keywords)))
        made.append(_faq(position, faq, "hi", TITLES["hi"][faq.topic], ANSWERS["hi"][faq.topic],
                         HINDI_KEYWORDS[faq.topic]))
        made.append(_faq(position, faq, "hinglish", TITLES["hinglish"][faq.topic], ANSWERS["hinglish"][faq.topic],
                         " ".join(faq.keywords)))
    return made


def _faq(position: int, faq: Faq, language: str, title: str, answer: str, keywords: str) -> ContentEntry:
    return ContentEntry(kind=K.FAQ, slug=faq.topic.replace("_", "-"), title=title, language=language,
                        body_html=clean_html(f"<p>{html.escape(answer)}</p>"), keywords=keywords, position=position)
