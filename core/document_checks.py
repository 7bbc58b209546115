"""What a stored document may be: PDF, JPEG or PNG judged from its bytes, within a size limit."""
from __future__ import annotations

from core.errors import ValidationError

MAX_BYTES = 10 * 1024 * 1024  # prescriptions: WhatsApp media tops out well below this
REPORT_MAX_BYTES = 25 * 1024 * 1024  # a report PDF with scan images
# Judged by the first bytes, never by the name or the declared type: a phone may label anything.
_MAGIC = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
EXTENSION = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_NAMES = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (PDF, JPEG or PNG), or None."""
    return next((kind for kind, magic in _MAGIC.items() if data.startswith(magic)), None)


def validate(data: bytes, declared: str, *, max_bytes: int = MAX_BYTES, filename: str | None = None) -> str:
    """The checked content type; a clear ValidationError for empty, oversized, unknown or mislabeled files."""
    if not data:
        raise ValidationError("The file is empty.")
    if len(data) > max_bytes:
        raise ValidationError(f"The file is {len(data) / 1048576:.1f} MB; the limit is {max_bytes // 1048576} MB.")
    actual = sniff(data)
    if actual is None:
        raise ValidationError("Only PDF, JPEG or PNG files are accepted.")
    claimed = declared.split(";")[0].strip().lower()
    if _ALIASES.get(claimed, claimed) != actual:
        raise ValidationError(f"The file is labelled {claimed or 'with no type'} but its content is "
                              f"{EXTENSION[actual][1:].upper()}; please send it again.")
    if filename is not None and not filename.lower().endswith(_NAMES[actual]):
        raise ValidationError(f"The file is named {filename!r} but its content is {EXTENSION[actual][1:].upper()}; "
                              "rename it or send the right file.")
    return actual
