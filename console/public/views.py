"""Public content pages. Read-only: each request's unit of work is never committed, and responses carry
Cache-Control and an ETag so browsers and a CDN in front of us serve repeat visits."""
from __future__ import annotations

import hashlib
from urllib.parse import quote

from flask import current_app, make_response, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import func, select

from console.public import blueprint
from console.security import csp_nonce
from core.booking.search import SearchQuery, find_slots
from core.clock import now_utc
from core.content import entries
from core.errors import NotFound
from core.models import Center, CenterService, City, Service
from core.models.centers import VerificationStatus
from core.models.content import ContentKind

K = ContentKind
CACHE_SECONDS = 300


def _uow():
    return current_app.extensions["medezy"].uow()


@blueprint.get("/")
def home():
    with _uow() as uow:
        now = now_utc()
        return _cached(render_template(
            "public/home.html", banners=entries.live(uow.session, kind=K.BANNER, now=now),
            posts=entries.live(uow.session, kind=K.BLOG, now=now)[:6],
            landings=_landing_links(uow.session, entries.live(uow.session, kind=K.LANDING, now=now)[:24]),
            whatsapp=whatsapp_link("Hi, I want to book a scan")))


@blueprint.get("/faq")
def faq():
    with _uow() as uow:
        return _cached(render_template("public/faq.html", faqs=entries.live(uow.session, kind=K.FAQ, now=now_utc()),
                                       whatsapp=whatsapp_link("Hi, I have a question about a scan")))


@blueprint.get("/blog/<slug>")
def blog(slug: str):
    with _uow() as uow:
        post = entries.live_one(uow.session, kind=K.BLOG, slug=slug[:120], now=now_utc())
        return _cached(render_template("public/blog.html", post=post, body=Markup(post.body_html),
                                       whatsapp=whatsapp_link("Hi, I want to book a scan")))


@blueprint.get("/scans/<city_slug>/<service_code>")
def landing(city_slug: str, service_code: str):
    with _uow() as uow:
        city, service = _city_and_service(uow.session, city_slug, service_code)
        page = _landing_entry(uow.session, city, service)
        low, high = _price_range(uow.session, city, service)
        # The search writes a slot_checked event; this unit of work is never committed, so a page view
        # leaves nothing behind.
        slots = find_slots(uow.session, SearchQuery(service_id=service.id, city_id=city.id, limit=6))
        return _cached(render_template(
            "public/landing.html", city=city, service=service, page=page, low=low, high=high, slots=slots,
            body=Markup(page.body_html) if page else None,
            whatsapp=whatsapp_link(f"{service.name} in {city.name}")))


def whatsapp_link(text: str) -> str:
    """wa.me link to our WhatsApp number with the message typed in for the patient."""
    number = "".join(ch for ch in current_app.extensions["medezy"].settings.twilio_whatsapp_from if ch.isdigit())
    return f"https://wa.me/{number}?text={quote(text)}"


def _city_and_service(session, city_slug: str, service_code: str) -> tuple[City, Service]:
    city = session.scalar(select(City).where(City.slug == city_slug[:80], City.is_active.is_(True)))
    service = session.scalar(select(Service).where(func.lower(Service.code) == service_code[:40].lower(),
                                                   Service.is_active.is_(True)))
    if city is None or service is None:
        raise NotFound("We don't have that scan page.")
    return city, service


def _landing_links(session, pages) -> list[tuple[str, str]]:
    cities = {c.id: c.slug for c in session.scalars(select(City).where(City.id.in_({p.city_id for p in pages})))}
    codes = {s.id: s.code.lower() for s in session.scalars(select(Service).where(
        Service.id.in_({p.service_id for p in pages})))}
    return [(page.title, url_for("public.landing", city_slug=cities[page.city_id], service_code=codes[page.service_id]))
            for page in pages if page.city_id in cities and page.service_id in codes]


def _landing_entry(session, city: City, service: Service):
    found = entries.live(session, kind=K.LANDING, now=now_utc(), city_id=city.id, service_id=service.id)
    return found[0] if found else None


def _price_range(session, city: City, service: Service) -> tuple[int | None, int | None]:
    return session.execute(
        select(func.min(CenterService.price_paise), func.max(CenterService.price_paise))
        .join(Center, Center.id == CenterService.center_id)
        .where(CenterService.service_id == service.id, CenterService.is_active.is_(True),
               Center.city_id == city.id, Center.verification_status == VerificationStatus.VERIFIED)).one()


def _cached(html: str):
    response = make_response(html)
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    # The ETag covers the page without this response's CSP nonce, which changes on every request: a
    # repeat visit with unchanged content then gets 304 and keeps its cached copy (page and nonce together).
    digest = hashlib.sha256(html.replace(csp_nonce(), "").encode()).hexdigest()[:32]
    response.set_etag(digest)
    return response.make_conditional(request)
