"""The sandbox chat: a developer talks as a patient through the real signed webhook path."""
from __future__ import annotations

import pytest

from console.app import create_app
from tests.gateway.conftest import new_phone


def test_page_is_served(client):
    response = client.get("/sandbox/chat")
    assert response.status_code == 200 and b"Sandbox chat" in response.data


def test_api_sends_through_the_webhook_and_returns_the_replies(client, rasa):
    rasa.answer = lambda turn: [{"recipient_id": turn["sender"], "text": "Which scan?",
                                 "buttons": [{"title": "MRI", "payload": "/scan_mri"}]}]
    phone = new_phone()
    response = client.post("/sandbox/chat/api", json={"phone": phone, "text": "hi", "name": "Ravi"})
    body = response.get_json()
    assert response.status_code == 200 and body["pending"] is False
    assert [(r["body"], r["buttons"], r["author"]) for r in body["replies"]] == [
        ("Which scan?", [{"title": "MRI", "payload": "/scan_mri"}], "bot")]
    assert rasa.turns[0]["metadata"]["profile_name"] == "Ravi"


def test_transcript_lists_the_conversation_and_polls_from_an_id(client):
    phone = new_phone()
    client.post("/sandbox/chat/api", json={"phone": phone, "text": "hello"})
    messages = client.get("/sandbox/chat/api", query_string={"phone": phone}).get_json()["messages"]
    assert [(m["direction"], m["body"]) for m in messages] == [("in", "hello"), ("out", "echo: hello")]
    newer = client.get("/sandbox/chat/api", query_string={"phone": phone, "after": messages[0]["id"]}).get_json()
    assert [m["body"] for m in newer["messages"]] == ["echo: hello"]


def test_unknown_phone_has_an_empty_transcript(client):
    assert client.get("/sandbox/chat/api", query_string={"phone": new_phone()}).get_json()["messages"] == []


def test_bad_phone_or_empty_text_is_a_clear_error(client):
    assert "not a phone number" in client.post("/sandbox/chat/api", json={"phone": "12", "text": "hi"}).get_json()["error"]
    assert client.post("/sandbox/chat/api", json={"phone": new_phone(), "text": " "}).status_code == 422


def test_sandbox_signs_with_a_derived_token_when_none_is_configured(build_gateway, rasa):
    gateway = build_gateway(twilio_auth_token="")
    response = create_app(gateway).test_client().post("/sandbox/chat/api", json={"phone": new_phone(), "text": "hi"})
    assert response.get_json()["replies"][0]["body"] == "echo: hi"


@pytest.mark.parametrize(("method", "path"), [("get", "/sandbox/chat"), ("get", "/sandbox/chat/api?phone=+919800000001"),
                                              ("post", "/sandbox/chat/api")])
def test_sandbox_is_off_with_a_real_provider(build_gateway, method, path):
    gateway = build_gateway(messaging_provider="twilio", twilio_account_sid="AC" + "0" * 32)
    assert getattr(create_app(gateway).test_client(), method)(path).status_code == 404


def test_whole_turn_works_on_the_embedded_sqlite_default(build_gateway, sqlite_url, rasa):
    gateway = build_gateway(database_url=sqlite_url)
    response = create_app(gateway).test_client().post("/sandbox/chat/api", json={"phone": new_phone(), "text": "hi"})
    assert [r["body"] for r in response.get_json()["replies"]] == ["echo: hi"]
