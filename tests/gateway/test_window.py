"""WhatsApp's 24-hour customer-care window: free text inside it, only templates outside."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import now_utc
from core.conversations import log as conversation_log
from core.conversations import outbound
from core.messaging import OutsideWindow, within_window
from core.models import Author
from notifications.providers.sandbox import SandboxMessaging
from tests.gateway.conftest import new_phone


@pytest.fixture
def conversation(any_session):
    return conversation_log.get_or_create(any_session, phone=new_phone())


@pytest.mark.parametrize(("ago", "open_"), [(timedelta(minutes=1), True), (timedelta(hours=23, minutes=59), True),
                                             (timedelta(hours=24), False), (timedelta(days=3), False)])
def test_window_is_24_hours_from_the_last_inbound_message(ago, open_):
    now = now_utc()
    assert within_window(now - ago, now) is open_


def test_no_window_before_the_patient_ever_wrote():
    assert not within_window(None, now_utc())


def test_free_text_inside_the_window_is_sent_and_logged(any_session, conversation):
    conversation.last_inbound_at = now_utc() - timedelta(hours=2)
    message = outbound.send_text(any_session, SandboxMessaging(), conversation=conversation, body="Report ready")
    assert (message.status, message.author, message.provider_sid.startswith("SB")) == ("queued", Author.BOT, True)


def test_free_text_outside_the_window_is_refused_and_not_logged(any_session, conversation):
    conversation.last_inbound_at = now_utc() - timedelta(hours=25)
    with pytest.raises(OutsideWindow, match="approved template"):
        outbound.send_text(any_session, SandboxMessaging(), conversation=conversation, body="Report ready")
    assert conversation_log.history(any_session, conversation.id) == []


def test_templates_go_out_any_time(any_session, conversation):
    message = outbound.send_template(any_session, SandboxMessaging(), conversation=conversation,
                                     template="report_ready", variables={"1": "MZ12345678"})
    assert message.status == "queued" and message.body == '[template report_ready] {"1": "MZ12345678"}'
