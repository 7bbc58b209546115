"""A prescription the patient sent on WhatsApp shows in the support inbox as the workspace shows documents: an
image through a signed link in an <img>, a PDF as a download link, a refused file with the reason."""
from __future__ import annotations

import html
import re
import uuid

from core import documents
from core.actors import Actor
from core.booking import service as bookings
from core.conversations import log
from core.conversations.log import InboundMessage, Media
from core.models import Role, User
from tests.factories import Factories
from tests.support.conftest import page_url

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def _sent_files(container, chat) -> int:
    """The patient sends a photo, a PDF and a file we refused, as the gateway records them; the message id."""
    with container.uow() as uow:
        patient, storage = uow.session.get(User, chat.patient_id), container.adapters["storage"]
        stored = [documents.attach_prescription(uow.session, storage, actor=Actor.of(patient), user_id=patient.id,
                                                data=data, content_type=kind)
                  for data, kind in ((JPEG, "image/jpeg"), (PDF, "application/pdf"))]
        sent = log.record_inbound(uow.session, InboundMessage(phone=chat.phone, provider_sid=f"SM{uuid.uuid4().hex}",
                                                              media=(Media("https://x/1", "image/jpeg"),)))
        sent.message.media = [{"url": "https://x/1", "content_type": "image/jpeg", "document_id": stored[0].id},
                              {"url": "https://x/2", "content_type": "application/pdf", "document_id": stored[1].id},
                              {"url": "https://x/3", "content_type": "image/gif", "error": "Send a JPEG, PNG or PDF."}]
        uow.commit()
        return sent.message.id


def _links(page: str) -> tuple[list[str], list[str]]:
    images = [html.unescape(src) for src in re.findall(r'<img src="([^"]+)"', page)]
    downloads = [html.unescape(href) for href in re.findall(r'<a href="([^"]+)">Download PDF</a>', page)]
    return images, downloads


def test_the_conversation_shows_the_photo_and_links_the_pdf(container, staff, login, chat):
    one = chat()
    _sent_files(container, one)
    client, _ = login(staff[Role.SUPPORT_AGENT])
    page = client.get(page_url(one)).get_data(as_text=True)
    assert "📎 image/jpeg" not in page
    [image], [pdf] = _links(page)
    assert client.get(image).data == JPEG and client.get(pdf).data == PDF  # the signed links serve the files
    assert "image/gif not stored: Send a JPEG, PNG or PDF." in page


def test_the_poller_sends_the_same_links(container, staff, login, chat):
    one = chat()
    message_id = _sent_files(container, one)
    client, _ = login(staff[Role.SUPPORT_AGENT])
    polled = client.get(f"{page_url(one)}/messages?after={message_id - 1}").get_json()["messages"]
    [files] = [m["files"] for m in polled if m["id"] == message_id]
    assert [(f["image"], f["kind"], bool(f["url"])) for f in files] == [(True, "JPEG", True), (False, "PDF", True),
                                                                        (False, "GIF", False)]
    assert client.get(files[0]["url"]).data == JPEG


def test_the_booking_workspace_shows_the_photo_in_its_conversation_too(container, staff, login, chat):
    one = chat()
    _sent_files(container, one)
    with container.uow() as uow:
        f = Factories(uow.session)
        patient = uow.session.get(User, one.patient_id)
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=f.slot().id,
                                patient=bookings.PatientDetails(name=patient.name))
        uow.commit()
        booking_id = booking.id
    client, _ = login(staff[Role.SUPPORT_AGENT])
    conversation = client.get(f"/support/workspace/{booking_id}").get_data(as_text=True).split('id="chat-h"')[1]
    images, downloads = _links(conversation.split("</section>")[0])
    assert len(images) == 1 and len(downloads) == 1 and client.get(images[0]).data == JPEG
