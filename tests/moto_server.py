"""moto's AWS server over real HTTP on a free local port, one for the whole test run (S3 and SES alike).

Tests that share it keep apart by name: each makes its own bucket or sender identity.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto.server import ThreadedMotoServer


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """The server's base URL, e.g. http://127.0.0.1:40123, for boto3's endpoint_url."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
