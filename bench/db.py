"""A throwaway benchmark database on the local PostgreSQL, migrated and filled with demo data."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import psycopg

from core.db import make_engine, make_session_factory
from core.migrate import upgrade
from core.seed import seed
from tests import services

ADMIN_DSN = os.environ.get("BENCH_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def bench_database(days: int = 7):
    """Yield (sqlalchemy url, psycopg dsn) of a fresh seeded database; drop it afterwards."""
    services.ensure_postgres()
    name = f"medezy_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    dsn = ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    url = dsn.replace("postgresql://", "postgresql+psycopg://")
    try:
        upgrade(url)
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            seed(session, days=days)
            session.commit()
        engine.dispose()
        yield url, dsn
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
