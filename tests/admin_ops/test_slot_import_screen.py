"""The admin slot import screen: upload -> background job -> progress JSON -> report of bad rows by line
-> "import the good rows"; every step through core.slots.imports, with CSRF and audit entries."""
from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from core.models import Role, Slot, User
from core.models.slot_imports import SlotImport
from tests.admin_ops.conftest import audit_actions, post, token_on
from tests.slots.helpers import csv_file, future_day, row

PAGE = "/admin/slot-imports/"


def _offered(make):
    def recipe(f):
        center, service = f.center(), f.service()
        f.offer(center, service)
        return center, service
    return make(recipe)


def _file_with_two_bad_rows(center, service) -> bytes:
    return csv_file(row(center, service, start="09:00", end="10:00"),  # line 2: two slots
                    row(center, service, day="2026-13-40"),  # line 3: bad date
                    row(center, service, start="11:00", end="12:00", minutes=30, capacity=0),  # line 4
                    row(center, service, start="14:00", end="15:00"))  # line 5: two slots


def _upload(client, data: bytes, **options):
    form = {"csrf_token": token_on(client, PAGE), "file": (io.BytesIO(data), "slots.csv"), **options}
    return client.post(PAGE + "upload", data=form, content_type="multipart/form-data")


def _import_id(response) -> int:
    return int(re.search(r"/admin/slot-imports/(\d+)$", response.location).group(1))


def _slots_at(container, center) -> int:
    with container.session_factory() as session:
        return session.scalar(select(func.count(Slot.id)).where(Slot.center_id == center.id))


def test_a_dry_run_reports_each_bad_row_by_line_and_imports_nothing(container, signed_in, make):
    center, service = _offered(make)
    client = signed_in(Role.OPS_MANAGER)
    uploaded = _upload(client, _file_with_two_bad_rows(center, service), dry_run="y")
    assert uploaded.status_code == 302
    import_id = _import_id(uploaded)
    container.jobs.drain()
    progress = client.get(f"{PAGE}{import_id}/progress").get_json()
    assert progress["percent"] == 100 and progress["finished"] and progress["bad_rows"] == 2
    report = client.get(f"{PAGE}{import_id}").get_data(as_text=True)
    lines = re.findall(r'data-label="Line">(\d+)</td><td data-label="Why">([^<]+)<', report)
    assert [int(n) for n, _ in lines] == [3, 4]
    assert "bad date" in lines[0][1] and "capacity must be at least 1" in lines[1][1]
    assert "Import the 2 good rows" in report and _slots_at(container, center) == 0
    assert audit_actions(container, "slot_import", import_id)[0][0] == "slot_import.queued"


def test_importing_the_good_rows_creates_their_slots_once(container, signed_in, make):
    center, service = _offered(make)
    client = signed_in(Role.OPS_MANAGER)
    checked = _import_id(_upload(client, _file_with_two_bad_rows(center, service), dry_run="y"))
    container.jobs.drain()
    imported = post(client, f"{PAGE}{checked}", f"{PAGE}{checked}/import-good-rows")
    container.jobs.drain()
    second = _import_id(imported)
    assert second != checked and _slots_at(container, center) == 4
    page = client.get(f"{PAGE}{second}").get_data(as_text=True)
    assert "Imported 4 new slots, skipping the bad rows" in page and "import-good-rows" not in page
    assert [a for a, _ in audit_actions(container, "slot_import", second)] == ["slot_import.queued", "slot_import.done"]


def test_a_file_with_bad_rows_imports_nothing_unless_told(container, signed_in, make):
    center, service = _offered(make)
    client = signed_in(Role.SUPER_ADMIN)
    import_id = _import_id(_upload(client, _file_with_two_bad_rows(center, service)))
    container.jobs.drain()
    assert "Nothing was imported because some rows are bad" in client.get(f"{PAGE}{import_id}").get_data(as_text=True)
    assert _slots_at(container, center) == 0


def test_an_upload_without_the_csrf_token_is_refused_and_queues_nothing(container, signed_in, make):
    center, service = _offered(make)
    client = signed_in(Role.OPS_MANAGER)
    before = _imports(container)
    refused = client.post(PAGE + "upload", data={"file": (io.BytesIO(csv_file(row(center, service))), "s.csv")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and _imports(container) == before


def _imports(container) -> int:
    with container.session_factory() as session:
        return session.scalar(select(func.max(SlotImport.id))) or 0


def test_finance_and_marketing_cannot_open_the_import_screen(signed_in):
    for role in (Role.FINANCE, Role.MARKETING):
        assert signed_in(role).get(PAGE).status_code == 403


def test_a_missing_import_is_404(signed_in):
    assert signed_in(Role.OPS_MANAGER).get(f"{PAGE}987654/progress").status_code == 404


def test_the_progress_page_carries_the_nonced_script(signed_in, container, make):
    center, service = _offered(make)
    client = signed_in(Role.OPS_MANAGER)
    import_id = _import_id(_upload(client, csv_file(row(center, service, day=future_day(12))), dry_run="y"))
    page = client.get(f"{PAGE}{import_id}")
    nonce = re.search(r"'nonce-([^']+)'", page.headers["Content-Security-Policy"]).group(1)
    assert f'slot_import.js" nonce="{nonce}"' in page.get_data(as_text=True)
    container.jobs.drain()


def test_an_import_whose_uploader_left_before_it_ran_fails_with_the_reason(container, login, make, held_jobs):
    center, service = _offered(make)
    uploader, colleague = make(lambda f: (f.staff(Role.OPS_MANAGER), f.staff(Role.OPS_MANAGER)))
    import_id = _import_id(_upload(login(uploader)[0], csv_file(row(center, service, day=future_day(14)))))
    with container.session_factory() as session:  # deactivated while the job waits in the queue
        session.get(User, uploader.id).is_active = False
        session.commit()
    held_jobs.release()
    container.jobs.drain()
    page = login(colleague)[0].get(f"{PAGE}{import_id}").get_data(as_text=True)
    assert "The import could not run: The person who uploaded this file can no longer import slots" in page
    assert 'id="bad-rows"' not in page and _slots_at(container, center) == 0
