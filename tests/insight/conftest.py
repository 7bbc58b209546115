"""The `history` fixture: a builder of hand-made bookings, payments, reports, scores and events."""
from __future__ import annotations

import pytest

from tests.insight.history import History


@pytest.fixture
def history(any_session, any_factories) -> History:
    """On PostgreSQL and on SQLite: the figures must agree on both backends."""
    return History(any_session, any_factories)
