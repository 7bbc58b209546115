"""The console's slot list on 300k+ upcoming slots: p95 of the first page and of a page 300,000 rows deep
(page 6,000 of 50), through the whole Flask request (sign-in cookie, permission checks, Flask-Admin,
templates), next to the same keyset SQL run raw through psycopg, as a ratio. The OFFSET query the list
used to run is printed too (its median)."""
from __future__ import annotations

import statistics
import time

import psycopg

from bench.search import grow_to
from wiring.container import build
from console.adminkit.pagination import make_cursor
from console.app import create_app
from core.models import Role
from core.settings import Settings
from tests.conftest import otp_sign_in
from tests.factories import Factories

DEPTH = 300_000
PAGE = 50
KEYSET = """SELECT s.id, s.starts_at, c.name, v.name FROM slots s JOIN centers c ON c.id = s.center_id
JOIN services v ON v.id = s.service_id WHERE s.starts_at >= %s AND (s.starts_at, s.id) > (%s, %s)
ORDER BY s.starts_at, s.id LIMIT 50"""
OFFSET = """SELECT s.id, s.starts_at, c.name, v.name FROM slots s JOIN centers c ON c.id = s.center_id
JOIN services v ON v.id = s.service_id ORDER BY s.starts_at, s.id LIMIT 50 OFFSET %s"""


def signed_in_client(container, role: Role = Role.OPS_MANAGER):
    """A test client signed in as a new staff member of `role`, through the real code sign-in."""
    with container.session_factory() as session:
        phone = Factories(session).staff(role).phone
        session.commit()
    client = create_app(container).test_client()
    otp_sign_in(client, container, phone)
    return client


def _deep_cursor(conn) -> tuple:
    """The (starts_at, id) of the upcoming slot DEPTH rows in: where page 6,000 starts."""
    row = conn.execute("SELECT starts_at, id FROM slots WHERE starts_at >= now() - interval '1 hour' "
                       "ORDER BY starts_at, id OFFSET %s LIMIT 1", (DEPTH,)).fetchone()
    if row is None:
        raise RuntimeError(f"fewer than {DEPTH:,} upcoming slots; grow the table further")
    return row[0], row[1]


def p95_ms(work, runs: int = 40) -> float:
    work()  # warm caches and the plan
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.quantiles(samples, n=20)[18] * 1e3


def _median_ms(work, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e3


def _get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)


def _grow_upcoming(dsn: str) -> int:
    """Grow the slots table until DEPTH + a page of them are upcoming; returns the table's size."""
    target = 310_000
    while True:
        total = grow_to(dsn, target)
        with psycopg.connect(dsn) as conn:
            upcoming = conn.execute("SELECT count(*) FROM slots WHERE starts_at >= now() - interval '1 hour'").fetchone()[0]
        if upcoming > DEPTH + PAGE:
            return total
        target = total + (DEPTH + PAGE - upcoming) + 10_000


def run(url: str, dsn: str) -> dict[str, float]:
    total = _grow_upcoming(dsn)
    container = build(Settings(database_url=url, secret_key="bench-secret", quiet_hours=""))
    client = signed_in_client(container)
    with psycopg.connect(dsn) as conn:
        moment, row_id = _deep_cursor(conn)
        deep = f"/admin/slots/?after={make_cursor(moment, row_id)}"
        first_ms = p95_ms(lambda: _get(client, "/admin/slots/"))
        deep_ms = p95_ms(lambda: _get(client, deep))
        raw_ms = p95_ms(lambda: conn.execute(KEYSET, (moment, moment, row_id)).fetchall())
        offset_ms = _median_ms(lambda: conn.execute(OFFSET, (DEPTH,)).fetchall(), runs=3)
    container.engine.dispose()
    return {"slots": total, "first_page_p95_ms": first_ms, "page_6000_p95_ms": deep_ms,
            "raw_keyset_sql_p95_ms": raw_ms, "page_6000_ratio": deep_ms / raw_ms,
            "page_6000_vs_first": deep_ms / first_ms, "raw_offset_sql_ms": offset_ms}
