"""Marketing edits content in the admin panel; saving goes through core (sanitized, audited) and the
public site shows it once published."""
from __future__ import annotations

import re

from sqlalchemy import select

from core.models import AuditEntry, Role
from core.models.content import ContentEntry


def _new_post(client, **fields):
    # The page's first form is the layout's sign-out form; Flask-Admin's own form carries its own token.
    page = client.get("/admin/content/new/").get_data(as_text=True)
    token = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[-1]
    data = {"csrf_token": token, "kind": "blog", "slug": "monsoon-care", "title": "Monsoon care",
            "body_html": "<p>Stay dry.</p><script>x()</script>", "language": "en", "position": "0",
            "publishing": "now", **fields}
    return client.post("/admin/content/new/", data=data)


def test_marketing_publishes_a_post_that_the_public_then_reads(app, login, world, container):
    client, _ = login(world["staff"][Role.MARKETING])
    response = _new_post(client)
    assert response.status_code == 302
    with container.session_factory() as session:
        post = session.scalar(select(ContentEntry).where(ContentEntry.slug == "monsoon-care"))
        assert post.status.value == "published" and "<script>" not in post.body_html
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "content",
                                                                  AuditEntry.entity_id == str(post.id))).all()
    assert actions == ["content.created", "content.published"]
    assert "Stay dry." in app.test_client().get("/blog/monsoon-care").get_data(as_text=True)


def test_a_bad_slug_is_refused_with_the_reason_and_nothing_saved(app, login, world, container):
    client, _ = login(world["staff"][Role.MARKETING])
    page = _new_post(client, slug="Not A Slug!")
    with container.session_factory() as session:
        assert session.scalar(select(ContentEntry).where(ContentEntry.title == "Monsoon care",
                                                         ContentEntry.slug == "not a slug!")) is None
    follow = client.get(page.location) if page.status_code == 302 else page
    assert "slug may hold" in follow.get_data(as_text=True)


def test_support_agents_cannot_open_the_cms(login, world):
    client, _ = login(world["staff"][Role.SUPPORT_AGENT])
    assert client.get("/admin/content/").status_code == 403
