"""File storage interface (reports, invoices, prescriptions) and the local-folder adapter.

Links are always signed and expiring. The local adapter signs `/files/<key>?expires=..&sig=..`
links that the console serves after checking the signature; the S3/R2 adapter
(adapters.s3) returns presigned URLs.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlencode

from core.errors import NotFound, ValidationError

MAX_LINK_SECONDS = 7 * 24 * 3600  # the S3 SigV4 ceiling; we keep the same rule everywhere
# A download link is made when the patient clicks, so it only has to outlive the click: 15 minutes.
DEFAULT_LINK_SECONDS = 15 * 60


class FileStorage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def signed_url(self, key: str, *, expires_in: int = DEFAULT_LINK_SECONDS,
                   download_name: str | None = None) -> str: ...


def check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValidationError(f"invalid storage key {key!r}")
    return key


def check_expiry(expires_in: int) -> int:
    if not 1 <= expires_in <= MAX_LINK_SECONDS:
        raise ValidationError("a link must expire within 7 days")
    return expires_in


class LocalStorage:
    """Files in a folder; links signed with HMAC-SHA256 of key and expiry."""

    def __init__(self, root: str | Path, *, secret: str, base_url: str) -> None:
        self.root = Path(root)
        self._secret = secret.encode()
        self.base_url = base_url.rstrip("/")

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.with_name(path.name + ".type").write_text(content_type)

    def get(self, key: str) -> bytes:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"no file {key}")
        return path.read_bytes()

    def content_type(self, key: str) -> str:
        meta = self._path(key).with_name(self._path(key).name + ".type")
        return meta.read_text() if meta.is_file() else "application/octet-stream"

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove a file; deleting one that is already gone is not an error (erasure may run twice)."""
        path = self._path(key)
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".type").unlink(missing_ok=True)

    def signed_url(self, key: str, *, expires_in: int = DEFAULT_LINK_SECONDS,
                   download_name: str | None = None) -> str:
        expires = int(time.time()) + check_expiry(expires_in)
        query = {"expires": expires, "sig": self.signature(key, expires, download_name or "")}
        if download_name:
            query["name"] = download_name
        return f"{self.base_url}/files/{quote(check_key(key))}?{urlencode(query)}"

    def signature(self, key: str, expires: int, download_name: str = "") -> str:
        # The download name is signed too: otherwise anyone holding a link could rename a report to
        # "invoice.html" and have it saved under a name that lies about it.
        message = f"{key}\n{expires}\n{download_name}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def verify(self, key: str, expires: int, sig: str, *, download_name: str = "", now: float | None = None) -> bool:
        fresh = (now or time.time()) <= expires
        return fresh and hmac.compare_digest(self.signature(key, expires, download_name), sig)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)
