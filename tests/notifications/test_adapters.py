"""Each vendor adapter driven through its real client (requests, boto3) against a local fake over HTTP."""
from __future__ import annotations

import boto3
import pytest

from adapters.gupshup import GupshupWhatsApp, parse_templates
from adapters.gupshup_sms import GupshupSms
from adapters.interakt import InteraktWhatsApp
from adapters.postmark import PostmarkEmail
from adapters.ses import SesEmail
from core.notify.channels import Attachment, Dlt, DltTemplate, SendFailed
from tests.fake_http import Reply
from tests.notifications.fakes import FakeGupshup, FakeGupshupSms, FakeInterakt, FakePostmark

PDF = Attachment("INV-1.pdf", "application/pdf", b"%PDF-1.7\n" + b"0" * 64)
CONFIRMED = DltTemplate("1107160000000000001", "MedEzy: booking {#var#} confirmed for {#var#}. Map: {#url#}")
DLT = Dlt(entity_id="1101160000000000001", header="MEDEZY", template=CONFIRMED)


@pytest.fixture
def gupshup():
    with FakeGupshup(templates={"tpl-confirmed": 2}) as fake:
        yield fake


def _gupshup_client(fake, key="gs-key"):
    return GupshupWhatsApp(api_key=key, source="+917834811114", app_name="medezy", base_url=fake.url,
                           templates=parse_templates("booking_confirmed=tpl-confirmed:ref,when"))


def test_gupshup_sends_a_session_text_as_form_fields(gupshup):
    message_id = _gupshup_client(gupshup).send_text("+919812345678", "Hello")
    [sent] = gupshup.sent
    assert sent["id"] == message_id and sent["destination"] == "919812345678" and sent["source"] == "917834811114"
    assert '"text": "Hello"' in sent["message"] and sent["channel"] == "whatsapp"


def test_gupshup_template_params_follow_the_template_order(gupshup):
    _gupshup_client(gupshup).send_template("+919812345678", "booking_confirmed", {"when": "2 Dec", "ref": "MZ1"})
    assert '"params": ["MZ1", "2 Dec"]' in gupshup.sent[0]["template"]


def test_gupshup_bad_key_is_a_permanent_refusal(gupshup):
    with pytest.raises(SendFailed, match="401") as refused:
        _gupshup_client(gupshup, key="wrong").send_text("+919812345678", "Hello")
    assert not refused.value.retryable


def test_gupshup_rate_limit_is_retryable(gupshup):
    gupshup.fail_with = Reply(429, {"status": "error", "message": "Too Many Requests"})
    with pytest.raises(SendFailed) as refused:
        _gupshup_client(gupshup).send_text("+919812345678", "Hello")
    assert refused.value.retryable


def test_interakt_sends_a_template_with_body_values_and_language():
    with FakeInterakt(templates={("booking_confirmed", "hi"): 2}) as fake:
        client = InteraktWhatsApp(api_key=fake.api_key, base_url=fake.url)
        message_id = client.send_template("+919812345678", "booking_confirmed_hi", {"ref": "MZ1", "when": "2 Dec"})
    [sent] = fake.sent
    assert sent["id"] == message_id and sent["countryCode"] == "+91" and sent["phoneNumber"] == "9812345678"
    assert sent["template"] == {"name": "booking_confirmed", "languageCode": "hi", "bodyValues": ["MZ1", "2 Dec"]}


def test_interakt_unknown_template_is_refused():
    with FakeInterakt(templates={}) as fake, pytest.raises(SendFailed, match="Template not found"):
        InteraktWhatsApp(api_key=fake.api_key, base_url=fake.url).send_template("+919812345678", "x", {"a": "1"})


def test_gupshup_sms_carries_the_dlt_entity_header_and_template():
    with FakeGupshupSms(dlt={CONFIRMED.template_id: (DLT.entity_id, DLT.header, CONFIRMED)}) as fake:
        client = GupshupSms(userid=fake.userid, password=fake.password, base_url=fake.url)
        message_id = client.send_sms("+919812345678", "MedEzy: booking MZ1 confirmed for 2 Dec. Map: https://m.in/x",
                                     dlt=DLT, reference="medezy-n1")
    [sent] = fake.sent
    assert message_id == sent["id"] and "-" in message_id
    assert (sent["principalEntityId"], sent["dltTemplateId"], sent["mask"]) == (DLT.entity_id, CONFIRMED.template_id,
                                                                               "MEDEZY")


def test_gupshup_sms_text_off_template_is_refused_by_the_operator():
    with FakeGupshupSms(dlt={CONFIRMED.template_id: (DLT.entity_id, DLT.header, CONFIRMED)}) as fake:
        client = GupshupSms(userid=fake.userid, password=fake.password, base_url=fake.url)
        with pytest.raises(SendFailed, match="DLT"):
            client.send_sms("+919812345678", "Win a free MRI!", dlt=DLT, reference="medezy-n1")


def test_postmark_sends_text_and_base64_attachments():
    with FakePostmark() as fake:
        client = PostmarkEmail(server_token=fake.token, sender="MedEzy <care@medezy.in>", base_url=fake.url)
        message_id = client.send_email("asha@example.in", "Your invoice", "Attached.", attachments=(PDF,),
                                       reference="medezy-n7")
    [sent] = fake.sent
    assert sent["id"] == message_id and sent["Attachments"][0]["Name"] == "INV-1.pdf"
    assert sent["Metadata"] == {"reference": "medezy-n7"}


def test_postmark_inactive_recipient_is_a_permanent_refusal():
    with FakePostmark(inactive={"bounced@example.in"}) as fake:
        client = PostmarkEmail(server_token=fake.token, sender="care@medezy.in", base_url=fake.url)
        with pytest.raises(SendFailed, match="406") as refused:
            client.send_email("bounced@example.in", "Hi", "Hi", reference="medezy-n8")
    assert not refused.value.retryable


@pytest.fixture(scope="module")
def moto_ses(moto_endpoint):
    boto3.client("sesv2", region_name="ap-south-1", endpoint_url=moto_endpoint, aws_access_key_id="test",
                 aws_secret_access_key="test").create_email_identity(EmailIdentity="care@medezy.in")
    return moto_endpoint


def _ses(url: str) -> SesEmail:
    return SesEmail(sender="care@medezy.in", region="ap-south-1", endpoint_url=url, access_key="test",
                    secret_key="test")


def test_ses_sends_a_plain_email_over_http(moto_ses):
    assert _ses(moto_ses).send_email("asha@example.in", "Confirmed", "See you", reference="medezy-n1")


def test_ses_sends_attachments_as_raw_mime(moto_ses):
    message_id = _ses(moto_ses).send_email("asha@example.in", "Invoice", "Attached", attachments=(PDF,),
                                           reference="medezy-n2")
    assert message_id


def test_ses_unverified_sender_is_refused(moto_ses):
    client = SesEmail(sender="nobody@elsewhere.in", region="ap-south-1", endpoint_url=moto_ses,
                      access_key="test", secret_key="test")
    with pytest.raises(SendFailed, match="SES refused"):
        client.send_email("asha@example.in", "Hi", "Hi", reference="medezy-n3")
