"""The CMS: drafts are checked and sanitized, publishing and scheduling decide what is live, all audited."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.actors import Actor
from core.clock import now_utc
from core.content import entries
from core.content.entries import Draft
from core.errors import Forbidden, NotFound, ValidationError
from core.models import AuditEntry
from core.models.content import ContentKind, ContentStatus
from core.models.users import Role

K = ContentKind


@pytest.fixture
def editor(factories):
    return Actor.of(factories.staff(Role.MARKETING))


def _post(slug="knee-mri-guide", **kw):
    return Draft(kind=K.BLOG, slug=slug, title=kw.pop("title", "Knee MRI: what to expect"),
                 body_html=kw.pop("body_html", "<p>It takes about 30 minutes.</p>"), **kw)


def test_a_post_is_invisible_until_published_and_then_live(session, editor):
    post = entries.create(session, actor=editor, draft=_post())
    now = now_utc()
    with pytest.raises(NotFound):
        entries.live_one(session, kind=K.BLOG, slug="knee-mri-guide", now=now)
    entries.publish(session, actor=editor, entry_id=post.id, now=now)
    assert entries.live_one(session, kind=K.BLOG, slug="knee-mri-guide", now=now).id == post.id


def test_a_scheduled_post_goes_live_at_its_time_without_any_job(session, editor):
    post = entries.create(session, actor=editor, draft=_post("monsoon-checkups"))
    now = now_utc()
    entries.publish(session, actor=editor, entry_id=post.id, now=now, at=now + timedelta(hours=2))
    assert post.status is ContentStatus.SCHEDULED
    assert post not in entries.live(session, kind=K.BLOG, now=now + timedelta(hours=1))
    assert post in entries.live(session, kind=K.BLOG, now=now + timedelta(hours=2))


def test_editor_html_loses_scripts_handlers_and_javascript_links(session, editor):
    nasty = ('<p onclick="steal()">Hi<script>alert(1)</script></p><a href="javascript:alert(2)">x</a>'
             '<img src=x onerror=alert(3)><a href="https://medezy.in/faq">FAQ</a>')
    post = entries.create(session, actor=editor, draft=_post(body_html=nasty, title="<b>Bold</b>\x00 title"))
    assert "script" not in post.body_html and "onclick" not in post.body_html and "javascript" not in post.body_html
    assert "<img" not in post.body_html and 'href="https://medezy.in/faq"' in post.body_html
    assert post.title == "<b>Bold</b> title"  # kept as text: templates escape it


@pytest.mark.parametrize("draft, message", [
    (_post(slug="Knee MRI!"), "slug"),
    (_post(title="   "), "title"),
    (Draft(kind=K.LANDING, slug="mri-pune", title="MRI in Pune"), "city"),
    (Draft(kind=K.BANNER, slug="diwali", title="Diwali", link_url="javascript:alert(1)"), "links"),
    (_post(language="fr"), "Language"),
])
def test_bad_drafts_are_refused_with_the_reason(session, editor, draft, message):
    with pytest.raises(ValidationError, match=message):
        entries.create(session, actor=editor, draft=draft)


def test_two_entries_cannot_share_a_public_address(session, editor):
    entries.create(session, actor=editor, draft=_post("same-slug"))
    with pytest.raises(ValidationError, match="already uses"):
        entries.create(session, actor=editor, draft=_post("same-slug"))


def test_only_marketing_and_super_admins_edit_content(session, factories):
    with pytest.raises(Forbidden):
        entries.create(session, actor=Actor.of(factories.staff(Role.SUPPORT_AGENT)), draft=_post("nope"))


def test_every_change_is_audited(session, editor):
    post = entries.create(session, actor=editor, draft=_post("audited"))
    entries.update(session, actor=editor, entry_id=post.id, draft=_post("audited", title="New title"))
    entries.publish(session, actor=editor, entry_id=post.id, now=now_utc())
    entries.archive(session, actor=editor, entry_id=post.id)
    session.flush()
    session.commit()
    actions = [a.action for a in session.query(AuditEntry).filter_by(entity_type="content", entity_id=str(post.id))
               .order_by(AuditEntry.id)]
    assert actions == ["content.created", "content.updated", "content.published", "content.archived"]
