"""S3 / Cloudflare R2 file storage with presigned, expiring download links."""
from __future__ import annotations

from urllib.parse import quote

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from core.errors import NotFound
from core.settings import Settings
from core.storage import DEFAULT_LINK_SECONDS, check_expiry, check_key

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Storage:
    def __init__(self, client, bucket: str, *, server_side_encryption: str = "AES256") -> None:
        self._client = client
        self.bucket = bucket
        self.server_side_encryption = server_side_encryption

    @classmethod
    def from_settings(cls, settings: Settings) -> "S3Storage":
        """R2: set s3_endpoint_url to https://<account>.r2.cloudflarestorage.com and s3_region to 'auto'."""
        client = boto3.client(
            "s3", endpoint_url=settings.s3_endpoint_url or None, region_name=settings.s3_region,
            aws_access_key_id=settings.aws_access_key_id or None,
            aws_secret_access_key=settings.aws_secret_access_key or None,
            # SigV4 everywhere: R2 accepts nothing else, and its 7-day limit is the one we document.
            config=Config(signature_version="s3v4", retries={"max_attempts": 3, "mode": "standard"}))
        return cls(client, settings.s3_bucket, server_side_encryption=settings.s3_server_side_encryption)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        # Asked for explicitly (not left to a bucket default someone may change); R2 is configured with ""
        # because it encrypts everything itself and refuses some modes (core.settings).
        extra = {"ServerSideEncryption": self.server_side_encryption} if self.server_side_encryption else {}
        self._client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type,
                                **extra)

    def get(self, key: str) -> bytes:
        try:
            return self._client.get_object(Bucket=self.bucket, Key=check_key(key))["Body"].read()
        except ClientError as error:
            raise _translated(error, key) from error

    def exists(self, key: str) -> bool:
        try:
            self._client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if _code(error) in _MISSING:
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        # S3 answers 204 for a key that is already gone, so erasure can safely run twice.
        self._client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def signed_url(self, key: str, *, expires_in: int = DEFAULT_LINK_SECONDS,
                   download_name: str | None = None) -> str:
        """A presigned GET that S3 serves as an attachment under `download_name` (signed into the URL)."""
        params = {"Bucket": self.bucket, "Key": check_key(key)}
        if download_name:
            params["ResponseContentDisposition"] = attachment(download_name)
        return self._client.generate_presigned_url("get_object", Params=params,
                                                   ExpiresIn=check_expiry(expires_in))


def attachment(name: str) -> str:
    """Content-Disposition for a download name: a plain ASCII fallback plus the exact name (RFC 6266)."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    if plain == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _translated(error: ClientError, key: str) -> Exception:
    return NotFound(f"no file {key}") if _code(error) in _MISSING else error
