"""The demo content is live and every FAQ answer survives sanitizing intact."""
from __future__ import annotations

from core.clock import now_utc
from core.content import entries
from core.content.seed_content import new_faq_entries, seed_content
from core.models.content import ContentKind


def test_demo_content_is_published_and_faqs_keep_their_text(session, factories):
    city, mri = factories.city("Pune"), factories.service(code="MRI-KNEE-X", name="MRI Knee")
    # The suite shares one database: FAQs another test published are not added twice.
    missing = new_faq_entries(session)
    assert seed_content(session, cities=[city], services=[mri]) == len(missing) + 3  # FAQs in en, hi, hinglish
    faqs = entries.live(session, kind=ContentKind.FAQ, now=now_utc())
    fasting = next(f for f in faqs if f.slug == "fasting")
    assert "prep for &lt;scan&gt;" in fasting.body_html  # an editor's angle brackets are text, not tags
    assert entries.live_one(session, kind=ContentKind.LANDING, slug=f"{city.slug}-mri-knee-x", now=now_utc())
