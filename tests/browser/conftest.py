"""Fixtures for browser tests: `browser` (one Chromium for the browser tests), `live_url` (the app on a real
port), `phone_page` / `desktop_page` (a fresh context at 390 px or desktop width)."""
from __future__ import annotations

import pytest

from tests.browser.support import DESKTOP, PHONE, chromium, serve


@pytest.fixture(scope="package")
def browser():
    # Package scope, not session: while Playwright's sync API is open, the main thread has its event loop
    # marked as running (see support.chromium), so any later test calling asyncio.run() (the bot's actions)
    # would fail. Pytest closes a package's fixtures as soon as the next test lies outside tests/browser.
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
