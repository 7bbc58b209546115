"""A Redis that accepts connections and never answers must not hold a commit for long."""
from __future__ import annotations

import socket
import threading
import time

from core import outbox, topics
from core.models import OutboxMessage
from adapters.rq_jobs import READ_TIMEOUT_SECONDS


def _black_hole():
    """A TCP port that accepts connections and then says nothing, ever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    threading.Thread(target=lambda: held.extend(server.accept() for _ in iter(int, 1)), daemon=True).start()
    return server


def test_a_silent_redis_delays_a_commit_by_one_read_timeout_at_most(build):
    hole = _black_hole()
    try:
        c = build(redis_url=f"redis://127.0.0.1:{hole.getsockname()[1]}/0")
        started = time.monotonic()
        with c.uow() as uow:
            message = outbox.emit(uow.session, topics.EXPORT_REQUESTED, export_id=0)  # no such export: harmless
            uow.commit()  # the dispatch to Redis fails and is logged; the sweep will redispatch
        elapsed = time.monotonic() - started
    finally:
        hole.close()
    assert elapsed < READ_TIMEOUT_SECONDS + 1.5
    with c.session_factory() as session:
        assert session.get(OutboxMessage, message.id).delivered_at is None  # committed, waiting for the sweep
