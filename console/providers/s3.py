"""S3 / Cloudflare R2 file storage with presigned, expiring download links."""
from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from core.errors import NotFound
from core.settings import Settings
from core.storage import check_expiry, check_key

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Storage:
    def __init__(self, client, bucket: str) -> None:
        self._client = client
        self.bucket = bucket

    @classmethod
    def from_settings(cls, settings: Settings) -> "S3Storage":
        """R2: set s3_endpoint_url to https://<account>.r2.cloudflarestorage.com and s3_region to 'auto'."""
        client = boto3.client(
            "s3", endpoint_url=settings.s3_endpoint_url or None, region_name=settings.s3_region,
            aws_access_key_id=settings.aws_access_key_id or None,
            aws_secret_access_key=settings.aws_secret_access_key or None,
            # SigV4 everywhere: R2 accepts nothing else, and its 7-day limit is the one we document.
            config=Config(signature_version="s3v4", retries={"max_attempts": 3, "mode": "standard"}))
        return cls(client, settings.s3_bucket)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        # No SSE header: S3 and R2 both encrypt every object at rest by default, and R2 rejects some SSE modes.
        self._client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type)

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

    def signed_url(self, key: str, *, expires_in: int, download_name: str | None = None) -> str:
        params = {"Bucket": self.bucket, "Key": check_key(key)}
        if download_name:
            safe = download_name.replace('"', "").replace("\\", "")
            params["ResponseContentDisposition"] = f'attachment; filename="{safe}"'
        return self._client.generate_presigned_url("get_object", Params=params,
                                                   ExpiresIn=check_expiry(expires_in))


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _translated(error: ClientError, key: str) -> Exception:
    return NotFound(f"no file {key}") if _code(error) in _MISSING else error
