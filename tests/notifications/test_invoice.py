"""The GST bill after payment: the PDF attached to an email (Postmark fake), a signed link on WhatsApp."""
from __future__ import annotations

import base64

from core.clock import now_utc
from core.models import Booking
from core.models.notifications import Channel, NotificationState as S
from core.models.payments import Payment, PaymentStatus
from core.payments import fees, invoices
from tests.notifications.conftest import deliver, paid_booking, rows
from tests.notifications.fakes import FakePostmark


def _invoice(c, booking) -> str:
    with c.uow() as uow:
        b = uow.session.get(Booking, booking.id)
        payment = Payment(booking_id=b.id, amount_paise=b.price_paise, provider="sandbox", status=PaymentStatus.PAID)
        uow.session.add(payment)
        uow.session.flush()
        invoice = invoices.issue_for_payment(uow.session, payment=payment, split=fees.for_booking(b, c.adapters["finance"]), finance=c.adapters["finance"],
                                             now=now_utc())
        uow.session.commit()
        return invoice.number


def test_the_invoice_pdf_goes_by_email_and_its_link_by_whatsapp(build):
    with FakePostmark() as postmark:
        c = build(email_provider="postmark", postmark_base_url=postmark.url, postmark_server_token="pm-token",
                  email_from="MedEzy <care@medezy.in>")
        booking = paid_booking(c, email=True)
        number = _invoice(c, booking)
        deliver(c, "booking_paid", booking_id=booking.id)
        email = rows(c, trigger="invoice", booking_id=booking.id, channel=Channel.EMAIL)[0]
        whatsapp = rows(c, trigger="invoice", booking_id=booking.id, channel=Channel.WHATSAPP)[0]
        [sent] = [s for s in postmark.sent if s["Subject"].startswith("GST invoice")]
    assert email.state is S.SENT and email.provider == "postmark" and number in sent["Subject"]
    [attachment] = sent["Attachments"]
    assert attachment["Name"] == number.replace("/", "-") + ".pdf" and base64.b64decode(attachment["Content"]).startswith(b"%PDF")
    assert "/invoices/" in whatsapp.body and "sig=" in whatsapp.body and whatsapp.state is S.SENT
