"""Verifying Amazon SNS messages (how SES reports deliveries, bounces and opens).

SNS signs each message with RSA (SignatureVersion 1: SHA1, 2: SHA256) over a canonical string of its
fields; the certificate comes from SigningCertURL, which must be an https URL on an sns.*.amazonaws.com
host, or anybody could sign with their own certificate.
"""
from __future__ import annotations

import base64
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

_SNS_HOST = re.compile(r"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")
_FIELDS = {"Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
           "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn",
                                        "Type")}
_FIELDS["UnsubscribeConfirmation"] = _FIELDS["SubscriptionConfirmation"]
_HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}


def aws_only(url: str) -> str:
    """The URL, if it is an https URL on an SNS host (certificates and subscription confirmations)."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not _SNS_HOST.match(parts.hostname or ""):
        raise ValueError(f"not an SNS URL: {url!r}")
    return url


def _fetch(url: str) -> bytes:
    response = requests.get(aws_only(url), timeout=(5, 10))
    response.raise_for_status()
    return response.content


class SnsVerifier:
    """`verified(message)`; `fetch` downloads a certificate or confirms a subscription (a test supplies its own)."""

    def __init__(self, fetch: Callable[[str], bytes] = _fetch) -> None:
        self._fetch = fetch
        self._certificates: dict[str, x509.Certificate] = {}

    def verified(self, message: dict) -> bool:
        fields, algorithm = _FIELDS.get(message.get("Type", "")), _HASHES.get(str(message.get("SignatureVersion")))
        if fields is None or algorithm is None or not message.get("Signature"):
            return False
        canonical = "".join(f"{name}\n{message[name]}\n" for name in fields if name in message).encode()
        try:
            key = self._certificate(message["SigningCertURL"]).public_key()
            key.verify(base64.b64decode(message["Signature"]), canonical, padding.PKCS1v15(), algorithm())
        except (InvalidSignature, ValueError, KeyError, requests.RequestException):
            return False
        return True

    def confirm(self, message: dict) -> None:
        """Accept a subscription (SNS asks once, when the topic is wired to our endpoint)."""
        self._fetch(message["SubscribeURL"])

    def _certificate(self, url: str) -> x509.Certificate:
        if url not in self._certificates:
            self._certificates[url] = x509.load_pem_x509_certificate(self._fetch(url))
        return self._certificates[url]
