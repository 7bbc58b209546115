"""The Razorpay adapter, driving the real razorpay client against a local fake of the API."""
from datetime import datetime, timedelta, timezone

import pytest

from adapters.razorpay import RazorpayProvider
from core.payments import signing
from core.payments.provider import LinkRequest, ProviderError
from tests.payments.fake_razorpay import KEY_ID, KEY_SECRET

WEBHOOK_SECRET = "whsec-razorpay"


@pytest.fixture
def razorpay(fake):
    return RazorpayProvider(key_id=KEY_ID, key_secret=KEY_SECRET, webhook_secret=WEBHOOK_SECRET,
                            base_url=f"{fake.url}/v1", callback_url="https://medezy.test/payments/return")


def _link_request(expire_by: datetime) -> LinkRequest:
    return LinkRequest(reference_id="42", amount_paise=550000, expire_by=expire_by, description="MRI Knee",
                       customer_name="Priya Patel", customer_contact="+919000000001",
                       notes={"medezy_payment_id": "42"})


def test_a_payment_link_is_created_in_paise_with_reference_and_expiry(fake, razorpay):
    expire_by = datetime(2030, 1, 1, 10, 0, tzinfo=timezone.utc)
    link = razorpay.create_link(_link_request(expire_by))
    method, path, headers, body = fake.requests[-1]
    assert (method, path) == ("POST", "/v1/payment_links")
    assert body["amount"] == 550000 and body["currency"] == "INR" and body["reference_id"] == "42"
    assert body["expire_by"] == int(expire_by.timestamp()) and body["customer"]["contact"] == "+919000000001"
    assert body["callback_method"] == "get" and link.id.startswith("plink_") and link.url.startswith("https://rzp.io")


def test_a_link_for_a_ten_minute_hold_lives_the_fifteen_minutes_razorpay_requires(fake, razorpay):
    hold_expires_at = datetime.now(timezone.utc) + timedelta(minutes=10)
    razorpay.create_link(_link_request(hold_expires_at))
    body = fake.requests[-1][3]
    lifetime = body["expire_by"] - datetime.now(timezone.utc).timestamp()
    assert 15 * 60 < lifetime <= 16 * 60 + 1


def test_a_refund_carries_the_idempotency_header_so_a_retry_refunds_once(fake, razorpay):
    payment_id = fake.pay(550000)
    first = razorpay.refund(payment_id=payment_id, amount_paise=1000, idempotency_key="medezy-refund-1",
                            speed="normal", notes={"medezy_refund_id": "1"})
    again = razorpay.refund(payment_id=payment_id, amount_paise=1000, idempotency_key="medezy-refund-1",
                            speed="normal", notes={"medezy_refund_id": "1"})
    assert first.id == again.id and fake.payments[payment_id]["refunded"] == 1000
    assert fake.requests[-1][2]["x-refund-idempotency"] == "medezy-refund-1"


def test_refusing_more_than_was_paid_is_a_non_retryable_error(fake, razorpay):
    payment_id = fake.pay(1000)
    with pytest.raises(ProviderError) as error:
        razorpay.refund(payment_id=payment_id, amount_paise=2000, idempotency_key="medezy-refund-2", speed="normal",
                        notes={})
    assert not error.value.retryable and "greater than amount captured" in str(error.value)


def test_route_transfer_is_held_then_released_and_can_be_reversed(fake, razorpay):
    payment_id = fake.pay(500000)
    transfer = razorpay.transfer(payment_id=payment_id, account_id="acc_center1", amount_paise=425000,
                                 on_hold=True, notes={"booking": "MZ1"})
    assert fake.transfers[transfer.id]["on_hold"] is True
    razorpay.release_transfer(transfer.id)
    assert fake.requests[-1][:2] == ("PATCH", f"/v1/transfers/{transfer.id}")
    assert fake.transfers[transfer.id]["on_hold"] is False
    reversal = razorpay.reverse_transfer(transfer_id=transfer.id, amount_paise=425000, notes={})
    assert reversal.id.startswith("rvrsl_") and fake.transfers[transfer.id]["amount_reversed"] == 425000


def test_wrong_keys_are_reported_not_swallowed(fake):
    wrong = RazorpayProvider(key_id=KEY_ID, key_secret="nope", webhook_secret="", base_url=fake.url,
                             callback_url="https://x")
    with pytest.raises(ProviderError, match="api key"):
        wrong.create_link(_link_request(datetime.now(timezone.utc) + timedelta(hours=1)))


def test_an_unreachable_api_is_retryable(razorpay, fake):
    fake.stop()
    with pytest.raises(ProviderError) as error:
        razorpay.cancel_link("plink_x")
    assert error.value.retryable


def test_webhook_signature_is_checked_with_a_real_hmac(razorpay):
    body = b'{"event":"payment.captured"}'
    assert razorpay.verify_webhook(body, signing.sign(body, WEBHOOK_SECRET))
    assert not razorpay.verify_webhook(body, signing.sign(body, "another-secret"))
    assert not razorpay.verify_webhook(b"\xff\xfe", "00")
