"""Make sure the real PostgreSQL and Redis the tests need are running; start them if not."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

PG_HOST, PG_PORT = "127.0.0.1", 5432
ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _wait(host: str, port: int, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _reachable(host, port):
            return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not come up on {host}:{port}")


def ensure_postgres() -> None:
    if _reachable(PG_HOST, PG_PORT):
        return
    versions = [os.path.basename(p) for p in glob.glob("/etc/postgresql/*")]
    if not versions:
        raise RuntimeError("PostgreSQL is not running and no cluster is installed under /etc/postgresql")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"], check=True)
    _wait(PG_HOST, PG_PORT, "PostgreSQL")


def ensure_redis() -> None:
    if _reachable(REDIS_HOST, REDIS_PORT):
        return
    if not shutil.which("redis-server"):
        raise RuntimeError("Redis is not running and redis-server is not installed")
    subprocess.run(["redis-server", "--daemonize", "yes", "--bind", REDIS_HOST, "--port", str(REDIS_PORT),
                    "--save", "", "--appendonly", "no"], check=True)
    _wait(REDIS_HOST, REDIS_PORT, "Redis")


@contextmanager
def fresh_database(prefix: str = "medezy_test") -> Iterator[str]:
    """Create an empty database, yield its SQLAlchemy URL, drop it afterwards (even if still in use)."""
    from core.migrate import upgrade
    ensure_postgres()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
