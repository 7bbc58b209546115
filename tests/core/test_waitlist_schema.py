"""Migration 0008_waitlist builds what the model says, on PostgreSQL and on SQLite (the embedded default)."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.db import Base, make_engine


@pytest.mark.parametrize("url_fixture", ["pg_url", "sqlite_url"])
def test_the_waitlist_table_matches_its_model(request, url_fixture):
    engine = make_engine(request.getfixturevalue(url_fixture))
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert [d for d in diff if "waitlist" in str(d)] == []
