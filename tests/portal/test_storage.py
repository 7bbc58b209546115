"""Portal downloads from S3 (moto's server over real HTTP) and from the local folder's signed links.

S3: the portal's download answers a presigned GET that boto3 made; fetched over HTTP it serves the file
as an attachment under its name, encrypted at rest, for 15 minutes. moto 5.2.5 checks no signature or
expiry on presigned GETs (its source reads only an Authorization header), so refusing an expired or
renamed link is left to S3/R2; what is ours to get right is that the expiry and the name are inside the
signed part of the URL, proven here by recomputing the SigV4 signature.
Local: a link with its path, name or expiry altered, or past its time, is refused.
"""
from __future__ import annotations

import time
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
import requests
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from adapters.s3 import S3Storage
from core.settings import Settings

KEY_ID, SECRET, REGION = "testing", "testing", "ap-south-1"


def _s3(endpoint: str, bucket: str, sse: str = "AES256") -> S3Storage:
    settings = Settings(storage_provider="s3", s3_endpoint_url=endpoint, s3_region=REGION, s3_bucket=bucket,
                        aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET, s3_server_side_encryption=sse)
    storage = S3Storage.from_settings(settings)
    storage._client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    return storage


@pytest.fixture
def s3_portal(container, moto_endpoint, request):
    """The app's file storage is S3 (moto) for this test."""
    container.adapters["storage"] = _s3(moto_endpoint, f"medezy-portal-{request.node.name[-20:].replace('_', '-')}")
    return container.adapters["storage"]


def _report_download(world, signed_in):
    patient = world.patient()
    world.booking(patient, "done", days=-1, completed=True)
    link = signed_in(patient).get(f"/me/documents/{patient.ids['document']}/download")
    assert link.status_code == 302
    return patient, link.location


def _signature_holds(url: str) -> bool:
    """Recompute the SigV4 query signature as S3 does: any change to a signed parameter breaks it."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "X-Amz-Signature"]
    request = AWSRequest(method="GET", url=f"{parts.scheme}://{parts.netloc}{parts.path}?"
                         f"{urlencode(query, quote_via=quote)}", headers={"host": parts.netloc})
    request.context["timestamp"] = dict(query)["X-Amz-Date"]
    auth = S3SigV4QueryAuth(Credentials(KEY_ID, SECRET), "s3", REGION, expires=int(dict(query)["X-Amz-Expires"]))
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    return expected == dict(parse_qsl(parts.query))["X-Amz-Signature"]


def _altered(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {**dict(parse_qsl(parts.query)), **changes}
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query, quote_via=quote)}"


def test_an_s3_report_downloads_over_http_as_an_attachment_with_its_name(world, signed_in, s3_portal, moto_endpoint):
    patient, url = _report_download(world, signed_in)
    assert url.startswith(moto_endpoint)  # the configured endpoint (R2 in production), not AWS's
    response = requests.get(url, timeout=10)
    name = f"{patient.refs['done']}-report-{patient.ids['document']}.pdf"
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'


def test_s3_links_last_15_minutes_and_sign_the_name_and_the_expiry(world, signed_in, s3_portal):
    _, url = _report_download(world, signed_in)
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["X-Amz-Expires"] == "900" and query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert _signature_holds(url)
    assert not _signature_holds(_altered(url, **{"X-Amz-Expires": "604800"}))
    assert not _signature_holds(_altered(url, **{"response-content-disposition": 'attachment; filename="x.html"'}))


def test_s3_objects_are_stored_with_server_side_encryption(moto_endpoint):
    storage = _s3(moto_endpoint, "medezy-sse")
    storage.put("reports/1/r.pdf", b"%PDF-1.4", "application/pdf")
    assert storage._client.head_object(Bucket=storage.bucket, Key="reports/1/r.pdf")["ServerSideEncryption"] == "AES256"


def test_an_r2_style_store_can_be_sent_no_encryption_header(moto_endpoint):
    storage = _s3(moto_endpoint, "medezy-r2", sse="")
    storage.put("reports/1/r.pdf", b"%PDF-1.4", "application/pdf")
    assert "ServerSideEncryption" not in storage._client.head_object(Bucket=storage.bucket, Key="reports/1/r.pdf")


def test_a_non_ascii_name_keeps_an_ascii_fallback(moto_endpoint):
    url = _s3(moto_endpoint, "medezy-names").signed_url("reports/1/r.pdf", download_name="रिपोर्ट.pdf")
    disposition = dict(parse_qsl(urlsplit(url).query))["response-content-disposition"]
    assert disposition.startswith('attachment; filename="_______.pdf"; filename*=UTF-8\'\'%E0%A4')


# Local folder (the embedded default): links the console signs and serves.

@pytest.fixture
def local_link(app, world, signed_in):
    _, url = _report_download(world, signed_in)
    parts = urlsplit(url)
    return app.test_client(), parts.path, dict(parse_qsl(parts.query))


def test_a_local_link_serves_the_report_as_an_attachment(local_link):
    client, path, query = local_link
    response = client.get(f"{path}?{urlencode(query)}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert int(query["expires"]) - time.time() <= 900


@pytest.mark.parametrize("change", [{"name": "report.html"}, {"name": ""}, {"sig": "0" * 64},
                                    {"expires": "9999999999"}, {"expires": "soon"}])
def test_a_local_link_with_its_name_signature_or_expiry_altered_is_refused(local_link, change):
    client, path, query = local_link
    assert client.get(f"{path}?{urlencode({**query, **change})}").status_code == 403


def test_a_local_link_pointed_at_another_file_is_refused(local_link):
    client, path, query = local_link
    other = path[:-8] + "0" * 4 + path[-4:]
    assert client.get(f"{other}?{urlencode(query)}").status_code == 403


def test_a_local_link_past_its_time_is_refused(app, container, local_link):
    client, path, query = local_link
    storage = container.adapters["storage"]
    key, past = path.removeprefix("/files/"), int(time.time()) - 1
    signature = storage.signature(key, past, query["name"])
    assert client.get(f"{path}?{urlencode({**query, 'expires': past, 'sig': signature})}").status_code == 403
