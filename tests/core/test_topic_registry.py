"""Every outbox topic core emits has a handler, or no process starts."""
import re
from pathlib import Path

import pytest

from core import outbox, topics
from core.settings import Settings
from wiring import topics as registry
from wiring.container import build

CORE = Path(__file__).resolve().parents[2] / "core"


@pytest.fixture
def fresh_registry():
    registry.handlers.cache_clear()
    yield
    registry.handlers.cache_clear()


def test_every_topic_core_emits_has_a_handler(fresh_registry):
    assert set(registry.handlers()) == topics.ALL
    assert all(registry.handlers()[topic] for topic in topics.ALL)


def test_core_emits_only_through_the_topic_constants():
    """A topic written as a literal would bypass the list the registry checks against."""
    literal = re.compile(r"outbox\.emit\(\s*\w+\s*,\s*[\"']")
    offenders = [str(path.relative_to(CORE)) for path in CORE.rglob("*.py") if literal.search(path.read_text())]
    assert offenders == []


def test_emitting_a_topic_missing_from_the_list_is_refused(session):
    with pytest.raises(ValueError, match="core/topics.py"):
        outbox.emit(session, "booking_teleported", booking_id=1)


def test_a_process_refuses_to_start_when_a_topic_has_no_handler(fresh_registry, monkeypatch, sqlite_url):
    monkeypatch.setattr(topics, "ALL", topics.ALL | {"booking_teleported", "slot_vanished"})
    with pytest.raises(registry.UnhandledTopics, match="booking_teleported, slot_vanished"):
        build(Settings(database_url=sqlite_url, secret_key="s"))


def test_a_handler_for_a_topic_core_never_emits_is_refused():
    with pytest.raises(registry.UnhandledTopics, match="never emits: booking_paied"):
        registry.check({"booking_paied": [print], **{t: [print] for t in topics.ALL}}, topics.ALL)
