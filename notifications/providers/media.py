"""Downloading inbound attachments without ever holding more than the size limit in memory."""
from __future__ import annotations

import requests

from core.errors import ValidationError
from core.messaging import MessagingError

TIMEOUT_SECONDS = 15


def download(url: str, *, max_bytes: int, auth: tuple[str, str] | None = None) -> tuple[bytes, str]:
    """GET an attachment (following redirects); refuse anything over max_bytes."""
    try:
        with requests.get(url, auth=auth, timeout=TIMEOUT_SECONDS, stream=True) as response:
            response.raise_for_status()
            data = _read_capped(response, max_bytes)
            return data, response.headers.get("Content-Type", "application/octet-stream")
    except requests.RequestException as error:
        raise MessagingError(f"could not download the attachment: {error.__class__.__name__}") from error


def _read_capped(response: requests.Response, max_bytes: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise ValidationError(f"The file is larger than {max_bytes // 1048576} MB.")
        chunks.append(chunk)
    return b"".join(chunks)
