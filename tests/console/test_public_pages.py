"""Public pages: open without signing in, show only live content, escape what editors typed, cache well,
and leave nothing behind in the database."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.clock import now_utc
from core.content import entries
from core.content.entries import Draft
from core.models import AnalyticsEvent
from core.models.content import ContentKind as K
from core.models.users import Role
from tests.factories import Factories


@pytest.fixture
def site(container):
    """A city with one verified center offering a scan, published FAQ/blog/banner/landing and a draft."""
    with container.session_factory() as session:
        f = Factories(session)
        city, scan = f.city(), f.service(code=f"MRI-PUB-{now_utc().microsecond}", name="MRI Spine")
        center = f.center(city)
        f.slot(center, scan, starts_at=now_utc() + timedelta(days=2), price_paise=620000)
        editor = Actor.of(f.staff(Role.MARKETING))
        now = now_utc()
        made = {}
        for key, draft in {
            "faq": Draft(kind=K.FAQ, slug=f"fasting-{city.id}", title="Do I need to fast?",
                         body_html="<p>Usually <strong>not</strong>.</p><script>alert(1)</script>"),
            "post": Draft(kind=K.BLOG, slug=f"spine-guide-{city.id}", title="<script>alert('t')</script>Spine MRI",
                          body_html="<p>About 40 minutes.</p>", seo_description="Spine MRI explained"),
            "landing": Draft(kind=K.LANDING, slug=f"nagpur-spine-{city.id}", title=f"Spine MRI in {city.name}",
                             city_id=city.id, service_id=scan.id, body_html="<p>Three centers near Sitabuldi.</p>"),
            "banner": Draft(kind=K.BANNER, slug=f"banner-{city.id}", title="Winter health week", link_url="/faq"),
        }.items():
            made[key] = entries.create(session, actor=editor, draft=draft)
            entries.publish(session, actor=editor, entry_id=made[key].id, now=now)
        made["draft"] = entries.create(session, actor=editor, draft=Draft(
            kind=K.BLOG, slug=f"unfinished-{city.id}", title="Not yet", body_html="<p>wip</p>"))
        session.commit()
        return {"city": city, "scan": scan, **made}


def test_the_landing_page_shows_live_prices_and_free_slots_without_signing_in(app, site):
    response = app.test_client().get(f"/scans/{site['city'].slug}/{site['scan'].code.lower()}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f"Spine MRI in {site['city'].name}" in html
    assert "₹6,200" in html and "Three centers near Sitabuldi" in html
    assert "https://wa.me/" in html and "Book on WhatsApp" in html


def test_faq_and_blog_escape_what_editors_typed(app, site):
    client = app.test_client()
    faq = client.get("/faq").get_data(as_text=True)
    assert "<strong>not</strong>" in faq and "alert(1)" not in faq
    post = client.get(f"/blog/{site['post'].slug}").get_data(as_text=True)
    assert "<script>alert" not in post and "&lt;script&gt;" in post
    assert 'name="description" content="Spine MRI explained"' in post


def test_drafts_and_unknown_pages_are_not_found(app, site):
    client = app.test_client()
    assert client.get(f"/blog/{site['draft'].slug}").status_code == 404
    assert client.get(f"/scans/{site['city'].slug}/no-such-scan").status_code == 404


def test_pages_are_cacheable_and_a_repeat_visit_gets_304(app, site):
    client = app.test_client()
    first = client.get("/")
    assert first.status_code == 200 and "public" in first.headers["Cache-Control"] and "Winter health week" in \
        first.get_data(as_text=True)
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_page_view_writes_nothing(app, container, site):
    def events():
        with container.session_factory() as session:
            return session.scalar(select(func.count()).select_from(AnalyticsEvent))
    before = events()
    app.test_client().get(f"/scans/{site['city'].slug}/{site['scan'].code.lower()}")
    assert events() == before
