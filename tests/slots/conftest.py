import pytest


@pytest.fixture
def offered(factories):
    """A verified center offering one service (the pair most rows name)."""
    center, service = factories.center(), factories.service()
    factories.offer(center, service)
    return center, service
