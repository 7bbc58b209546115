"""Security headers on every response: a nonce-based Content-Security-Policy, no framing, a strict
Referrer-Policy, and HSTS in production. Templates print `csp_nonce()` on their own <script>/<style>;
Flask-Admin gets the same nonce through `Admin(csp_nonce_generator=csp_nonce)`."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, g

from core.settings import Settings

# Why each part: 'self' only (no CDN); scripts and styles run only with this response's nonce or from our
# own origin; data: images for Bootstrap's inline SVG icons; nobody may frame us (clickjacking).
# Flask-Admin 2.2.1 still ships a few inline onclick= attributes (filter menu, row delete); those are
# blocked, which is why list views keep delete off and the filter menu works through its own JS.
_POLICY = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
           "img-src 'self' data:{images}; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
           "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """This request's nonce (one per request, shared by every template that renders in it)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def storage_image_sources(settings: Settings) -> tuple[str, ...]:
    """Where signed links to stored files point under S3/R2, so prescriptions show as <img> in the panels.
    Local storage serves them from our own origin ('self'); boto3 signs path-style links on a custom endpoint
    (R2, MinIO) and bucket-host links on AWS, global or regional by its version."""
    if settings.storage_provider != "s3":
        return ()
    if settings.s3_endpoint_url:
        parts = urlsplit(settings.s3_endpoint_url)
        return (f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://{settings.s3_bucket}.{parts.netloc}")
    return (f"https://{settings.s3_bucket}.s3.amazonaws.com",
            f"https://{settings.s3_bucket}.s3.{settings.s3_region}.amazonaws.com")


def install(app: Flask, *, production: bool, image_sources: tuple[str, ...] = ()) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    images = "".join(f" {source}" for source in image_sources)

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = _POLICY.format(nonce=csp_nonce(), images=images)
        response.headers["X-Frame-Options"] = "DENY"  # for browsers that ignore frame-ancestors
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        if production:
            response.headers["Strict-Transport-Security"] = HSTS
        return response
