"""Closing Chromium leaves the main thread free for asyncio, so the bot's tests (which run actions with
asyncio.run) pass after the browser tests in the same pytest process. Kept outside tests/browser: there the
package-scoped Chromium is open, and its loop is meant to be running."""
from __future__ import annotations

import asyncio

from tests.browser.support import chromium


async def _answer() -> int:
    await asyncio.sleep(0)
    return 42


def test_asyncio_runs_in_the_main_thread_once_chromium_is_closed():
    with chromium() as browser:
        browser.new_context().close()  # a real round trip through Playwright's loop
    assert asyncio._get_running_loop() is None
    assert asyncio.run(_answer()) == 42
