"""The bot answers questions from marketing's FAQ entries in the CMS: an edit there changes the answer."""
from __future__ import annotations

from datetime import timedelta

from core.actors import Actor
from core.clock import now_utc
from core.content import entries, faq
from core.content.entries import Draft
from core.models.content import ContentKind
from core.models.users import Role


def _faq(session, editor, slug: str, body: str, keywords: str, *, publish: bool = True):
    entry = entries.create(session, actor=editor, draft=Draft(kind=ContentKind.FAQ, slug=slug, title=slug,
                                                             body_html=body, keywords=keywords))
    if publish:
        entries.publish(session, actor=editor, entry_id=entry.id, now=now_utc() - timedelta(minutes=1))
    return entry


def test_the_best_matching_live_entry_answers_as_plain_text(any_session, any_factories):
    editor = Actor.of(any_factories.staff(Role.MARKETING))
    _faq(any_session, editor, "parking-q", "<p>Free parking at <strong>every</strong> centre.</p><ul><li>Bikes too &amp; cars</li></ul>",
         "parking car bike")
    _faq(any_session, editor, "parking-draft", "<p>Draft answer</p>", "parking car bike park", publish=False)
    found = faq.answer_from_content(any_session, "is there parking for my car?", now=now_utc())
    assert found == "Free parking at every centre.\nBikes too & cars"  # the live entry, not the draft


def test_no_matching_entry_answers_nothing(any_session, any_factories):
    editor = Actor.of(any_factories.staff(Role.MARKETING))
    _faq(any_session, editor, "only-parking", "<p>Yes.</p>", "parkingonly")
    assert faq.answer_from_content(any_session, "zzz qqq", now=now_utc()) is None


def test_scripts_never_reach_the_message(any_session, any_factories):
    editor = Actor.of(any_factories.staff(Role.MARKETING))
    _faq(any_session, editor, "xss-q", "<p>Hi<script>alert(1)</script> there</p>", "xsskeyword")
    assert faq.answer_from_content(any_session, "xsskeyword", now=now_utc()) == "Hi there"
