"""Headless Chromium for browser tests: the app served on a real port, Playwright driving Debian's chromium.

`make test` installs the Debian packages `chromium` and `chromium-driver` when it can (scripts/browser.sh);
where it cannot, every browser test is skipped with the reason, never silently passed.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("MEDEZY_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Without the background-networking flags chromium keeps dialling Google's hosts, which this network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"headless Chromium not installed at {CHROMIUM} (Debian package 'chromium'; "
                    "scripts/browser.sh installs it)")


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve a Flask app on a free local port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[object]:
    """One headless Chromium (Playwright Browser); keep it open no longer than the tests that drive it.

    Playwright's sync API runs its asyncio loop in a greenlet of the calling thread and switches back to the
    caller from inside that loop, so until the `with` ends the thread's running loop stays set:
    asyncio.run() in that thread raises "cannot be called from a running event loop". Leaving the block
    clears it; the check below fails loudly should a Playwright upgrade ever leave a loop behind.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    leaked = asyncio._get_running_loop()  # no public API tells "set but not ours" apart from "none"
    assert leaked is None, f"Playwright left an event loop running in this thread: {leaked!r}"


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot as a test artifact (var/test-artifacts/screenshots/<name>.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_sideways_scroll(page) -> bool:
    """True when nothing on the page is wider than the viewport (a phone user never scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
