"""Signed links to stored files for support pages: documents in the workspace and the attachments patients send
on WhatsApp (the gateway stores each as a prescription and notes its document id on the message)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models.conversations import Message
from core.models.documents import Document

LINK_SECONDS = 600  # links on a page last ten minutes


@dataclass(frozen=True)
class Attachment:
    content_type: str
    url: str | None  # None when the file was refused or could not be fetched (see `problem`)
    problem: str | None = None

    @property
    def is_image(self) -> bool:
        return self.url is not None and self.content_type.startswith("image/")

    @property
    def kind(self) -> str:
        return self.content_type.rsplit("/", 1)[-1].upper()


def container():
    return current_app.extensions["medezy"]


def document_link(document: Document) -> str:
    """A short-lived signed link (files are always served as attachments; an <img> still shows them)."""
    name = f"{document.kind.value}-{document.id}.{document.content_type.rsplit('/', 1)[-1]}"
    url = container().adapters["storage"].signed_url(document.storage_key, expires_in=LINK_SECONDS,
                                                     download_name=name)
    # Local files are served by this console: a path keeps the page's own origin (CSP img-src 'self')
    # whatever address the agent reached it by. S3/R2 links stay absolute (their origin is in img-src).
    base = container().settings.public_base_url.rstrip("/")
    return url[len(base):] if url.startswith(base + "/files/") else url


def attachments(session: Session, messages: list[Message]) -> dict[int, list[Attachment]]:
    """Each message's attachments by message id, with a signed link to every stored one."""
    ids = {item["document_id"] for m in messages for item in _items(m) if isinstance(item.get("document_id"), int)}
    stored = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(ids)))} if ids else {}
    return {m.id: [_attachment(item, stored) for item in _items(m)] for m in messages if _items(m)}


def _items(message: Message) -> list[dict]:
    return [item for item in message.media or [] if isinstance(item, dict)]


def _attachment(item: dict, stored: dict[int, Document]) -> Attachment:
    document = stored.get(item.get("document_id"))
    if document is None:
        return Attachment(item.get("content_type") or "file", None, item.get("error") or "not stored")
    return Attachment(document.content_type, document_link(document))
