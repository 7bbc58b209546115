"""Ops import a slot CSV with bad rows in Chromium, on a phone and on a desktop: the dry run's report shows
each bad row's line number, the progress bar (polled from the JSON endpoint) reaches 100%, and importing
the good rows creates their slots."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.models import Role, Slot
from tests.admin_ops.held_jobs import held_jobs  # noqa: F401 - jobs wait until the test releases them
from tests.browser.support import no_sideways_scroll, screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.factories import Factories
from tests.slots.helpers import csv_file, row


def _offered(container):
    with container.session_factory() as session:
        f = Factories(session)
        center, service = f.center(), f.service()
        f.offer(center, service)
        session.commit()
        return center, service


def _slots_at(container, center) -> int:
    with container.session_factory() as session:
        return session.scalar(select(func.count(Slot.id)).where(Slot.center_id == center.id))


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_ops_import_a_csv_with_bad_rows(request, live_url, login, world, container, held_jobs, width):
    page = request.getfixturevalue(f"{width}_page")
    center, service = _offered(container)
    data = csv_file(row(center, service), row(center, service, day="2026-13-40"),
                    row(center, service, start="11:00", end="12:00", capacity=0),
                    row(center, service, start="14:00", end="15:00"))
    _signed_in(page, live_url, login, world["staff"][Role.OPS_MANAGER])
    page.goto(f"{live_url}/admin/slot-imports/")
    _check_layout(page)
    page.locator("#file").set_input_files({"name": "slots.csv", "mimeType": "text/csv", "buffer": data})
    assert page.locator("#dry_run").is_checked()
    screenshot(page, f"admin-slot-import-upload-{width}")
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_selector("#bar")
    assert page.locator("#bar").get_attribute("value") == "0"
    screenshot(page, f"admin-slot-import-queued-{width}")

    held_jobs.release()
    page.wait_for_selector("#import-result")  # the script polled to 100% and reloaded the report
    assert page.locator("#bar").get_attribute("value") == "100"
    assert page.locator("#percent").inner_text() == "100%"
    lines = page.locator("#bad-rows td[data-label=Line]").all_inner_texts()
    assert lines == ["3", "4"] and "Dry run: nothing was imported" in page.locator("#verdict").inner_text()
    assert no_sideways_scroll(page) and _slots_at(container, center) == 0
    screenshot(page, f"admin-slot-import-dry-run-{width}")

    page.get_by_role("button", name="Import the 2 good rows").click()
    page.wait_for_selector("#import-result")
    assert "Imported 4 new slots" in page.locator("#verdict").inner_text()
    assert page.locator("#bar").get_attribute("value") == "100" and no_sideways_scroll(page)
    screenshot(page, f"admin-slot-import-done-{width}")
    assert _slots_at(container, center) == 4
