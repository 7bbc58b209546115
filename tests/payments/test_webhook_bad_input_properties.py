"""The Razorpay webhook under hostile input: unsigned, mis-signed, signed but malformed or absurd
bodies all get 4xx and change nothing; none gets a 500 (Razorpay disables a webhook that keeps failing)."""
import json
import uuid

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import func, select

from core.models import WebhookEvent
from core.payments.webhooks import HANDLERS
from tests.hypothesis_profile import NASTY, hostile_text

PATH = "/webhooks/razorpay"
ENTITIES = ["payment", "payment_link", "refund", "transfer"]
header_value = st.text(st.characters(exclude_characters="\r\n", exclude_categories=["Cs"]) | st.sampled_from(
    ["é", "₹", "\U0001f600"]), max_size=80)
json_text = hostile_text(40) | st.sampled_from(["\ud800", "\udfff", "pay_" + "\x00"])  # JSON can spell surrogates
json_scalar = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | json_text
json_value = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(json_text | st.sampled_from(["id", "amount", "notes"]), inner, max_size=4),
                          max_leaves=12)
entity_like = st.fixed_dictionaries({}, optional={
    "id": json_value | st.just("pay_" + uuid.uuid4().hex[:14]), "amount": json_value | st.integers(1, 10**7),
    "notes": json_value | st.fixed_dictionaries({"medezy_payment_id": json_value | st.sampled_from(["1", "²", "9" * 30])}),
    "reference_id": json_value, "error_description": json_value, "error": json_value})
payload = st.dictionaries(st.sampled_from(ENTITIES) | json_text,
                          json_value | st.fixed_dictionaries({"entity": entity_like | json_value}), max_size=3)
event = st.fixed_dictionaries({"event": st.sampled_from(sorted(HANDLERS)) | json_value, "payload": payload | json_value})


@pytest.fixture
def client(app):
    return app.test_client()


def _post(client, body: bytes, signature: str, event_id: str | None = None):
    return client.post(PATH, data=body, content_type="application/json",
                       headers={"X-Razorpay-Signature": signature, "x-razorpay-event-id": event_id or
                                f"evt_{uuid.uuid4().hex[:14]}"})


def _events(container) -> int:
    with container.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(WebhookEvent))


@given(signature=header_value)
def test_any_signature_without_the_secret_is_refused(client, container, signature):
    before = _events(container)
    assert _post(client, b'{"event": "payment.captured", "payload": {}}', signature).status_code == 400
    assert _events(container) == before


@given(document=event)
def test_any_signed_event_gets_an_answer_below_500(client, container, document):
    body = json.dumps(document).encode()
    response = _post(client, body, container.adapters["payments"].sign(body))
    assert response.status_code < 500, response.get_data(as_text=True)


@given(event_id=header_value)
def test_any_event_id_header_gets_an_answer_below_500(client, container, event_id):
    body = json.dumps({"event": "payment.captured", "payload": {"payment": {"entity": {"id": "pay_x"}}}}).encode()
    response = _post(client, body, container.adapters["payments"].sign(body), event_id=event_id or "x")
    assert response.status_code < 500


@pytest.mark.parametrize("entity", [[], "pay_123", 42, None, [{"id": "pay_1"}]])
@pytest.mark.parametrize("key", ENTITIES)
def test_a_signed_payload_whose_entity_is_not_an_object_is_refused(client, container, key, entity):
    name = {"payment": "payment.captured", "payment_link": "payment_link.expired",
            "refund": "refund.processed", "transfer": "transfer.processed"}[key]
    for wrapped in (entity, {"entity": entity}):
        body = json.dumps({"event": name, "payload": {key: wrapped}}).encode()
        assert _post(client, body, container.adapters["payments"].sign(body)).status_code == 400


@pytest.mark.parametrize("body", [b'{"event": "payment.captured", "payload": {"payment": {"entity": {"id": "p",'
                                  b' "amount": 1e400}}}}', b'{"event": ["payment.captured"], "payload": {}}',
                                  b'{"event": "payment.failed", "payload": {"payment": NaN}}'])
def test_signed_json_with_values_no_event_has_is_refused(client, container, body):
    assert _post(client, body, container.adapters["payments"].sign(body)).status_code == 400


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_signed_json_is_refused(client, container, depth):
    body = b'{"event": "payment.captured", "payload": ' + b"[" * depth + b"]" * depth + b"}"
    assert _post(client, body, container.adapters["payments"].sign(body)).status_code == 400


@pytest.mark.parametrize("text", NASTY + ["\ud800"])
def test_nasty_characters_in_a_signed_event_are_refused_or_handled(client, container, text):
    entity = {"id": f"pay_{text}", "amount": 100, "notes": {"medezy_payment_id": text},
              "error_description": f"declined {text}"}
    for name in ("payment.captured", "payment.failed"):
        body = json.dumps({"event": name, "payload": {"payment": {"entity": entity}}}).encode()
        assert _post(client, body, container.adapters["payments"].sign(body)).status_code < 500
