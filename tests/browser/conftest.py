"""Fixtures for browser tests: `browser` (one Chromium per session), `live_url` (the app on a real port),
`phone_page` / `desktop_page` (a fresh context at 390 px or desktop width)."""
from __future__ import annotations

import pytest

from tests.browser.support import DESKTOP, PHONE, chromium, serve


@pytest.fixture(scope="session")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def live_url(app):
    with serve(app) as url:
        yield url


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="en-IN", timezone_id="Asia/Kolkata")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def phone_page(browser):
    context, page = _page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


from tests.console.conftest import chat, paid, patient_user, world  # noqa: E402,F401 - the panels' test data
