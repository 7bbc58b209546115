"""A pooled Postgres connection is pinged only after sitting idle: a connection in steady use costs no round
trip before each transaction, one that may have been dropped (restart, firewall, idle timeout) is checked."""
import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from core.db import make_engine
from tests import services


def _backend_pid(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT pg_backend_pid()"))


def _terminate(pid: int) -> None:
    with psycopg.connect(services.ADMIN_DSN, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))  # returns once the backend is gone


def test_a_connection_that_died_while_idle_is_replaced_before_use(pg_url):
    engine = make_engine(pg_url, pool_size=1, max_overflow=0, ping_after_idle=0)
    dead = _backend_pid(engine)
    _terminate(dead)
    assert _backend_pid(engine) != dead  # no error: the ping found it gone and the pool connected anew
    engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged(pg_url):
    engine = make_engine(pg_url, pool_size=1, max_overflow=0, ping_after_idle=3600)
    dead = _backend_pid(engine)
    _terminate(dead)
    with pytest.raises(OperationalError):
        _backend_pid(engine)
    assert _backend_pid(engine) != dead  # the failed statement made the pool drop it
    engine.dispose()
