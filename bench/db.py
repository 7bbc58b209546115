"""A throwaway benchmark database on the local PostgreSQL, migrated and filled with demo data."""
from __future__ import annotations

from contextlib import contextmanager

from core.db import make_engine, make_session_factory
from core.seed import seed
from tests import services


@contextmanager
def bench_database(days: int = 7):
    """Yield (sqlalchemy url, psycopg dsn) of a fresh seeded database; it is dropped afterwards."""
    with services.fresh_database("medezy_bench") as url:
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            seed(session, days=days)
            session.commit()
        engine.dispose()
        yield url, url.replace("postgresql+psycopg://", "postgresql://")
