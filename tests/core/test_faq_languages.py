"""FAQ answers come from the CMS in the patient's language: Hindi, Hinglish or English, English when missing."""
from __future__ import annotations

import pytest

from core.clock import now_utc
from core.content.faq import answer_from_content
from core.content.seed_content import new_faq_entries
from core.models.content import ContentEntry, ContentKind, ContentStatus


@pytest.fixture
def demo_faqs(session):
    made = new_faq_entries(session)  # the suite shares one database: another test may have published them
    for entry in made:
        entry.status, entry.publish_at = ContentStatus.PUBLISHED, now_utc()
    session.add_all(made)
    session.flush()
    return made


@pytest.mark.parametrize("question, language, expected", [
    ("do I need to fast before the scan?", "en", "Most MRI, X-ray and plain CT scans need no fasting"),
    ("khali pet aana hai kya", "hinglish", "khali pet aane ki zarurat nahi hoti"),
    ("क्या खाली पेट आना है?", "hi", "खाली पेट आने की ज़रूरत नहीं होती"),
    ("रिफंड कब मिलेगा", "hi", "पूरी कीमत वापस मिलती है"),
    ("paisa wapas kab milega", "hinglish", "poori keemat wapas milti hai"),
])
def test_the_answer_is_in_the_patients_language(session, demo_faqs, question, language, expected):
    assert expected in answer_from_content(session, question, language=language, now=now_utc())


def test_the_answer_is_plain_text_with_the_editors_angle_brackets_kept(session, demo_faqs):
    found = answer_from_content(session, "fasting", language="en", now=now_utc())
    assert "*prep for <scan>*" in found and "<p>" not in found


def test_a_topic_without_a_version_in_the_language_is_answered_in_english(session, demo_faqs):
    session.add(ContentEntry(kind=ContentKind.FAQ, slug="wheelchair", title="Wheelchair", language="en",
                             keywords="wheelchair", body_html="<p>Every centre has a wheelchair.</p>",
                             status=ContentStatus.PUBLISHED, publish_at=now_utc(), position=99))
    session.flush()
    assert answer_from_content(session, "wheelchair milegi?", language="hi", now=now_utc()) \
        == "Every centre has a wheelchair."


def test_a_draft_answer_is_never_sent(session, demo_faqs):
    session.add(ContentEntry(kind=ContentKind.FAQ, slug="stretcher", title="Stretcher", language="en",
                             keywords="stretcher", body_html="<p>Not yet.</p>", status=ContentStatus.DRAFT))
    session.flush()
    assert answer_from_content(session, "stretcher", language="en", now=now_utc()) is None
