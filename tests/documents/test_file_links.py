"""Signed local file links through the console: a good link downloads as an attachment; a renamed, altered
or expired link is refused."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit


def _link(container, *, name="MZ1-report.pdf", expires_in=600):
    storage = container.adapters["storage"]
    storage.put("reports/7/MZ1.pdf", b"%PDF-1.4 test", "application/pdf")
    url = urlsplit(storage.signed_url("reports/7/MZ1.pdf", expires_in=expires_in, download_name=name))
    return url.path, {k: v[0] for k, v in parse_qs(url.query).items()}


def test_a_signed_link_downloads_as_an_attachment_that_is_never_sniffed(app, container):
    path, query = _link(container)
    response = app.test_client().get(f"{path}?{urlencode(query)}")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 test"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "MZ1-report.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_renamed_link_is_refused(app, container):
    path, query = _link(container)
    response = app.test_client().get(f"{path}?{urlencode({**query, 'name': 'report.html'})}")
    assert response.status_code == 403


def test_a_link_for_another_file_or_past_its_time_is_refused(app, container):
    path, query = _link(container)
    client = app.test_client()
    assert client.get(f"{path.replace('MZ1', 'MZ2')}?{urlencode(query)}").status_code in (403, 404)
    assert client.get(f"{path}?{urlencode({**query, 'expires': int(query['expires']) - 10_000})}").status_code == 403
    assert client.get(f"{path}?{urlencode({**query, 'expires': 'soon'})}").status_code == 403
