"""The console's bookings list and audit log on 1M rows each: p95 of the first page and of a page half a
million rows deep (opened straight from its `before` cursor, as the "Older" link does), through the whole
Flask request (session cookie, permission checks, Flask-Admin, templates), next to the same keyset SQL run
raw through psycopg. The OFFSET query the bookings list used to run is timed too, for scale.
`BENCH_LIST_ROWS=100000` runs the same thing on fewer rows.
"""
from __future__ import annotations

import os
import time

import psycopg

from bench.console_lists import p95_ms, signed_in_client
from core.models import Role
from core.settings import Settings
from wiring.container import build

ROWS = int(os.environ.get("BENCH_LIST_ROWS", "1000000"))

GROW = {
    "bookings": """INSERT INTO bookings (reference, user_id, slot_id, center_id, service_id, status, price_paise,
                                         patient_name, source, created_at, updated_at)
       SELECT 'BL' || lpad(g::text, 10, '0'), u.ids[1 + g %% cardinality(u.ids)], s.ids[1 + g %% cardinality(s.ids)],
              s.centers[1 + g %% cardinality(s.ids)], s.services[1 + g %% cardinality(s.ids)],
              (ARRAY['pending','confirmed','completed','cancelled'])[1 + g %% 4], 350000, 'Bench', 'whatsapp',
              now() - g * interval '1 second', now()
       FROM (SELECT array_agg(id) AS ids FROM users WHERE role = 'patient') u,
            (SELECT array_agg(id) AS ids, array_agg(center_id) AS centers, array_agg(service_id) AS services
             FROM (SELECT * FROM slots LIMIT 5000) few) s,
            generate_series(1, %(rows)s) g""",
    "audit_entries": """INSERT INTO audit_entries (at, actor_role, action, entity_type, entity_id, after)
       SELECT now() - g * interval '1 second', 'system', 'booking.confirmed', 'booking', g::text, '{"status": "confirmed"}'
       FROM generate_series(1, %(rows)s) g""",
}
RAW = {
    "bookings": """SELECT b.id, b.reference, b.status, c.name, v.name, s.starts_at, b.patient_name, u.phone,
                          b.price_paise, b.created_at
       FROM bookings b JOIN centers c ON c.id = b.center_id JOIN services v ON v.id = b.service_id
       JOIN slots s ON s.id = b.slot_id JOIN users u ON u.id = b.user_id
       WHERE b.id < %s ORDER BY b.id DESC LIMIT 50""",
    "audit_entries": """SELECT id, at, actor_role, actor_id, action, entity_type, entity_id, reason
       FROM audit_entries WHERE id < %s ORDER BY id DESC LIMIT 50""",
}
OFFSET = """SELECT b.id FROM bookings b ORDER BY b.created_at DESC, b.id DESC LIMIT 50 OFFSET %s"""
PATHS = {"bookings": "/admin/bookings/", "audit_entries": "/admin/audit/"}


def _grow(dsn: str) -> dict[str, int]:
    sizes = {}
    with psycopg.connect(dsn) as conn:
        for table, insert in GROW.items():
            have = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if have < ROWS:
                conn.execute(insert, {"rows": ROWS - have})
            sizes[table] = max(have, ROWS)
        conn.commit()
        conn.execute("ANALYZE bookings")
        conn.execute("ANALYZE audit_entries")
    return sizes


def _get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)


def run(url: str, dsn: str) -> dict[str, float]:
    sizes = _grow(dsn)
    container = build(Settings(database_url=url, secret_key="bench-secret", quiet_hours=""))
    client, result = signed_in_client(container, Role.SUPER_ADMIN), {}
    with psycopg.connect(dsn) as conn:
        for table, path in PATHS.items():
            deep = conn.execute(f"SELECT id FROM {table} ORDER BY id DESC OFFSET %s LIMIT 1", (sizes[table] // 2,)).fetchone()[0]
            first_ms = p95_ms(lambda: _get(client, path))
            deep_ms = p95_ms(lambda: _get(client, f"{path}?before={deep}"))
            raw_ms = p95_ms(lambda: conn.execute(RAW[table], (deep,)).fetchall())
            result |= {f"{table}": sizes[table], f"{table}_first_p95_ms": first_ms, f"{table}_deep_p95_ms": deep_ms,
                       f"{table}_raw_deep_p95_ms": raw_ms, f"{table}_deep_vs_first": deep_ms / first_ms}
        start = time.perf_counter()
        conn.execute(OFFSET, (sizes["bookings"] // 2,)).fetchall()
        result["bookings_offset_sql_ms"] = (time.perf_counter() - start) * 1e3
    container.engine.dispose()
    return result
