"""The support inbox at 390 px: a photo the patient sent on WhatsApp opens in the conversation (signed link,
allowed by the CSP) and a PDF is a download link. Screenshot: var/test-artifacts/screenshots/support-attachments."""
from __future__ import annotations

import io
import uuid

from PIL import Image

from core import documents
from core.actors import Actor
from core.conversations import log
from core.conversations.log import InboundMessage
from core.models import Role, User
from tests.browser.support import no_sideways_scroll, screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.support.conftest import chat, page_url, staff  # noqa: F401 - a patient chat and console staff

PDF = b"%PDF-1.4\n" + b"0" * 64


def _photo() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (300, 420), (245, 245, 235)).save(picture, format="JPEG")
    return picture.getvalue()


def _sent_photo_and_pdf(container, one) -> None:
    with container.uow() as uow:
        patient = uow.session.get(User, one.patient_id)
        photo, pdf = (documents.attach_prescription(uow.session, container.adapters["storage"], actor=Actor.of(patient),
                                                    user_id=patient.id, data=data, content_type=kind)
                      for data, kind in ((_photo(), "image/jpeg"), (PDF, "application/pdf")))
        sent = log.record_inbound(uow.session, InboundMessage(phone=one.phone, provider_sid=f"SM{uuid.uuid4().hex}",
                                                              body="My prescription"))
        sent.message.media = [{"url": "https://x/1", "content_type": "image/jpeg", "document_id": photo.id},
                              {"url": "https://x/2", "content_type": "application/pdf", "document_id": pdf.id}]
        uow.commit()


def test_a_sent_photo_shows_in_the_conversation_on_a_phone(container, live_url, login, chat, staff, phone_page):
    one = chat()
    _sent_photo_and_pdf(container, one)
    _signed_in(phone_page, live_url, login, staff[Role.SUPPORT_AGENT])
    phone_page.goto(f"{live_url}{page_url(one)}")
    shown = phone_page.locator(".msg .attachment img")
    shown.scroll_into_view_if_needed()
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 300
    assert phone_page.get_by_role("link", name="Download PDF").count() == 1
    screenshot(phone_page, "support-attachments-phone")
    _check_layout(phone_page)
    assert no_sideways_scroll(phone_page)
