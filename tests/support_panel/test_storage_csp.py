"""Under S3/R2 storage the signed links of prescriptions point at the storage endpoint: the console's CSP lets
those images load (img-src), and only them; local storage keeps images to our own origin."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from console.app import create_app
from core.settings import Settings
from wiring.container import build

R2 = dict(s3_endpoint_url="https://abc123.r2.cloudflarestorage.com", s3_region="auto")
AWS = dict(s3_endpoint_url="", s3_region="ap-south-1")


def _img_src_of(app) -> list[str]:
    policy = app.test_client().get("/login").headers["Content-Security-Policy"]
    return re.search(r"img-src ([^;]+);", policy).group(1).split()


@pytest.mark.parametrize("endpoint", [R2, AWS], ids=["r2", "aws"])
def test_the_storage_origin_of_a_signed_link_is_allowed_as_an_image_source(pg_url, endpoint):
    settings = Settings(database_url=pg_url, storage_provider="s3", s3_bucket="medezy-files", secret_key="t",
                        aws_access_key_id="AKIATEST", aws_secret_access_key="secret", **endpoint)
    container = build(settings)
    try:
        link = urlsplit(container.adapters["storage"].signed_url("prescriptions/7/rx.jpg", expires_in=300))
        sources = _img_src_of(create_app(container))
    finally:
        container.engine.dispose()
    assert f"{link.scheme}://{link.netloc}" in sources
    assert "*" not in " ".join(sources) and sources[:2] == ["'self'", "data:"]


def test_local_storage_keeps_images_to_our_own_origin(app):
    assert _img_src_of(app) == ["'self'", "data:"]
