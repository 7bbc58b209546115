"""Engine, session factory and the declarative base shared by every model."""
from __future__ import annotations

import time
from datetime import timezone

from core.clock import now_utc as utcnow  # noqa: F401 - re-exported for model defaults
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names so Alembic migrations read the same on Postgres and SQLite.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC; SQLite drops tzinfo, so it is put back on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; MedEzy stores aware UTC datetimes only")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        # Postgres returns timestamptz in the session's time zone (+05:30 under Asia/Kolkata); every
        # loaded time is normalized to UTC so that code (and the audit hash) sees one form only.
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# A pooled Postgres connection is pinged before use only after sitting idle this long. SQLAlchemy's
# pre-ping costs a round trip on every checkout (a fifth of a hold's); a connection in steady use is
# known alive, while one that sat idle (dropped by a firewall, a restart, an idle timeout) is checked.
PING_AFTER_IDLE = 10.0  # seconds
_RETURNED_AT = "medezy_returned_at"


def make_engine(url: str, *, ping_after_idle: float = PING_AFTER_IDLE, **kwargs) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout, Postgres an idle-connection ping."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):  # a caller asking for SQLAlchemy's ping on every checkout gets it
        _ping_when_idle(engine, ping_after_idle)
    return engine


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    @event.listens_for(engine, "checkin")
    def stamp(_dbapi_connection, record) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping(dbapi_connection, record, _proxy) -> None:
        returned_at = record.info.get(_RETURNED_AT)  # None: a connection made just now
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("a pooled connection died while idle") from error  # the pool reconnects


def _sqlite_pragmas(dbapi_conn, _record):
    dbapi_conn.isolation_level = None  # let the "begin" listener issue BEGIN itself
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin_immediate(conn):
    # SQLite's deferred BEGIN lets two writers read the same row and then fail on upgrade;
    # BEGIN IMMEDIATE serialises writers up front, which is what the slot claims need.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


AUDIT_KEY_INFO = "medezy_audit_key"  # session.info entry holding the audit chain's HMAC key (core.audit)


def make_session_factory(engine: Engine, *, audit_key: bytes | None = None) -> sessionmaker:
    """Sessions on `engine`; `audit_key` keys the audit chain they write (settings.audit_chain_key)."""
    info = {AUDIT_KEY_INFO: audit_key} if audit_key else {}
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True, info=info)
