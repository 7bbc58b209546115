"""How report files are named: the label staff give each file (one per scan), the slug in its storage key,
and the name a download is saved under ("MZ7K2-mri-knee-v2.pdf")."""
from __future__ import annotations

from core.document_checks import EXTENSION
from core.models.bookings import Booking
from core.models.documents import Document

DEFAULT_LABEL = "Report"


def label(text: str | None) -> str:
    """The label as stored: single spaces, at most 80 characters, "Report" when none is given."""
    return " ".join((text or "").split())[:80] or DEFAULT_LABEL


def slug(text: str | None) -> str:
    """A storage- and filename-safe form of a label."""
    return "".join(c if c.isalnum() else "-" for c in (text or DEFAULT_LABEL).lower()).strip("-")[:40] or "report"


def download_name(booking: Booking, document: Document) -> str:
    """The booking's reference, the file's label and (from the second on) its version."""
    suffix = f"-v{document.version}" if document.version > 1 else ""
    return f"{booking.reference}-{slug(document.label)}{suffix}{EXTENSION.get(document.content_type, '')}"
