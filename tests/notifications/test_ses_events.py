"""SES delivery events arrive through SNS; only correctly signed messages change anything."""
from __future__ import annotations

import base64
import datetime
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from adapters.sns import SnsVerifier, aws_only
from console.app import create_app
from core.models.notifications import Channel, NotificationState as S
from tests.notifications.conftest import deliver, paid_booking, rows

CERT_URL = "https://sns.ap-south-1.amazonaws.com/SimpleNotificationService-test.pem"
FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")


def _key_and_cert():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return key, cert.public_bytes(serialization.Encoding.PEM)


SIGNER, PEM = _key_and_cert()
OTHER, _ = _key_and_cert()


def _sns(event: dict, key=SIGNER) -> bytes:
    message = {"Type": "Notification", "MessageId": "m-1", "TopicArn": "arn:aws:sns:ap-south-1:1:ses-events",
               "Message": json.dumps(event), "Timestamp": "2026-12-01T10:00:00.000Z", "SignatureVersion": "2",
               "SigningCertURL": CERT_URL}
    canonical = "".join(f"{k}\n{message[k]}\n" for k in FIELDS if k in message).encode()
    message["Signature"] = base64.b64encode(key.sign(canonical, padding.PKCS1v15(), hashes.SHA256())).decode()
    return json.dumps(message).encode()


@pytest.fixture
def c(build):
    c = build()
    c.adapters["sns"] = SnsVerifier(fetch=lambda url: PEM)  # the certificate SNS would serve at CERT_URL
    return c


def _emailed(c):
    booking = paid_booking(c, email=True)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    return rows(c, booking_id=booking.id, channel=Channel.EMAIL)[0]


def test_a_signed_ses_delivery_event_marks_the_email_delivered(c):
    email = _emailed(c)
    body = _sns({"eventType": "Delivery", "mail": {"messageId": email.provider_message_id}})
    response = create_app(c).test_client().post("/webhooks/notify/ses", data=body, content_type="text/plain")
    assert response.status_code == 200 and rows(c, id=email.id)[0].state is S.DELIVERED


def test_an_event_signed_by_someone_else_is_refused(c):
    email = _emailed(c)
    body = _sns({"eventType": "Bounce", "mail": {"messageId": email.provider_message_id}}, key=OTHER)
    response = create_app(c).test_client().post("/webhooks/notify/ses", data=body, content_type="text/plain")
    assert response.status_code == 403 and rows(c, id=email.id)[0].state is S.SENT


def test_certificates_come_only_from_sns_hosts():
    assert aws_only(CERT_URL) == CERT_URL
    for url in ("http://sns.ap-south-1.amazonaws.com/x.pem", "https://evil.example/sns.ap-south-1.amazonaws.com.pem",
                "https://sns.ap-south-1.amazonaws.com.evil.example/x.pem"):
        with pytest.raises(ValueError):
            aws_only(url)
