"""The bulk slot importer: every bad row named by line and reason, nothing imported on a bad file,
re-imports create nothing, overlaps with stored slots and between rows are caught."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.actors import SYSTEM, Actor
from core.clock import IST, now_utc
from core.errors import Forbidden
from core.models import AuditEntry, Role, Slot
from core.models.slot_imports import ImportStatus, SlotImport
from core.slots import importer
from tests.slots.helpers import HEADER, csv_file, future_day, row


def slots_of(session, center) -> list[Slot]:
    return list(session.scalars(select(Slot).where(Slot.center_id == center.id).order_by(Slot.starts_at)))


def run(session, data, **kw):
    return importer.run(session, actor=kw.pop("actor", SYSTEM), data=data, **kw)


def test_a_row_expands_into_slots_of_slot_minutes_in_india_time(session, offered):
    center, service = offered
    outcome = run(session, csv_file(row(center, service, start="09:00", end="10:30", minutes=30, capacity=2)))
    day = datetime.fromisoformat(future_day()).date()
    assert (outcome.imported, outcome.slots_created, outcome.errors) == (True, 3, [])
    got = [(s.starts_at.astimezone(IST).time(), s.ends_at.astimezone(IST).time(), s.capacity, s.city_id)
           for s in slots_of(session, center)]
    assert got == [(time(9), time(9, 30), 2, center.city_id), (time(9, 30), time(10), 2, center.city_id),
                   (time(10), time(10, 30), 2, center.city_id)]
    assert slots_of(session, center)[0].starts_at == datetime.combine(day, time(9), IST)


def test_every_kind_of_bad_row_is_reported_with_its_line_and_reason(session, offered, factories):
    center, service = offered
    factories.slot(center, service, starts_at=datetime.combine(
        datetime.fromisoformat(future_day()).date(), time(14), IST))
    yesterday = (now_utc().astimezone(IST).date() - timedelta(days=1)).isoformat()
    unoffered = factories.service()
    data = csv_file(
        row(center, service),                                               # 2 good
        f"NOPE,{service.code},{future_day()},09:00,10:00,30,1",             # 3
        f"{center.code},NOPE,{future_day()},09:00,10:00,30,1",              # 4
        f"{center.code},{service.code},2026-02-30,09:00,10:00,30,1",        # 5
        f"{center.code},{service.code},{future_day()},9am,10:00,30,1",      # 6
        f"{center.code},{service.code},{future_day()},11:00,10:00,30,1",    # 7
        f"{center.code},{service.code},{yesterday},09:00,10:00,30,1",       # 8
        f"{center.code},{service.code},{future_day(11)},09:00,10:00,30,0",  # 9
        row(center, service, start="13:45", end="14:45"),                   # 10 overlaps the stored 14:00
        row(center, service, start="09:30", end="10:30"),                   # 11 overlaps line 2
        f"{center.code},{service.code},{future_day()}",                     # 12
        row(center, unoffered, day=future_day(12)),                         # 13
        f"{center.code},{service.code},{future_day(13)},09:00,10:10,30,1",  # 14
        f"{center.code},{service.code},{future_day(13)},09:00,10:00,abc,1",  # 15
    )
    outcome = run(session, data, dry_run=True)
    reasons = {e.line: e.reason for e in outcome.errors}
    assert sorted(reasons) == list(range(3, 16))
    expected = {3: "unknown center 'NOPE'", 4: "unknown service 'NOPE'", 5: "bad date '2026-02-30'",
                6: "bad start time '9am'", 7: "end 10:00 is not after start 11:00", 8: "is in the past",
                9: "capacity must be at least 1", 10: "overlaps the existing slot 14:00-14:30 IST",
                11: "overlaps line 2", 12: "expected 7 columns, found 3", 13: "does not offer",
                14: "not a whole number of 30-minute slots", 15: "slot_minutes must be a whole number"}
    for line, text in expected.items():
        assert text in reasons[line], (line, reasons[line])
    assert (outcome.rows, outcome.bad_rows, outcome.imported) == (14, 13, False)
    assert len(slots_of(session, center)) == 1


@pytest.mark.parametrize("data, line, reason", [
    (b"", 1, "the file is empty"),
    (b"centre,service,date,start,end,slot_minutes,capacity\n", 1, "the header must be"),
    (csv_file("A,B,2030-01-01,09:00,10:00,30,1\x00"), 2, "NUL byte"),
    (csv_file('"A"x,B,2030-01-01,09:00,10:00,30,1'), 2, "malformed CSV"),
    (csv_file("A,B,2030-01-01,09:00,10:00,30,1", '"A,B,2030-01-01,09:00,10:00,30,1', "C,D"), 3, "unclosed quote"),
    (b"\xff\xfe" + HEADER.encode(), 1, "not UTF-8"),
])
def test_broken_files_are_reported_by_line(session, data, line, reason):
    outcome = run(session, data)
    assert any(e.line == line and reason in e.reason for e in outcome.errors), outcome.errors
    assert not outcome.imported


def test_a_dry_run_of_a_good_file_imports_nothing(session, offered):
    center, service = offered
    outcome = run(session, csv_file(row(center, service)), dry_run=True)
    assert (outcome.dry_run, outcome.imported, outcome.errors, outcome.import_id) == (True, False, [], None)
    assert slots_of(session, center) == []


def test_a_bad_row_stops_the_whole_file_unless_good_rows_are_wanted(session, offered):
    center, service = offered
    data = csv_file(row(center, service), f"{center.code},NOPE,{future_day()},09:00,10:00,30,1")
    refused = run(session, data)
    assert (refused.imported, slots_of(session, center)) == (False, [])
    assert session.get(SlotImport, refused.import_id).status is ImportStatus.REJECTED
    taken = run(session, data, import_good_rows=True)
    assert (taken.imported, taken.slots_created, [e.line for e in taken.errors]) == (True, 2, [3])
    assert session.get(SlotImport, taken.import_id).status is ImportStatus.DONE


def test_the_same_file_imported_twice_creates_no_duplicates(session, offered):
    center, service = offered
    data = csv_file(row(center, service), row(center, service, day=future_day(11)))
    first, second = run(session, data), run(session, data)
    assert (first.slots_created, first.slots_existing) == (4, 0)
    assert (second.imported, second.slots_created, second.slots_existing, second.errors) == (True, 0, 4, [])
    assert len(slots_of(session, center)) == 4


def test_a_longer_day_over_an_imported_one_adds_only_the_new_slots(session, offered):
    center, service = offered
    run(session, csv_file(row(center, service, start="09:00", end="10:00")))
    outcome = run(session, csv_file(row(center, service, start="09:00", end="11:00")))
    assert (outcome.slots_created, outcome.slots_existing) == (2, 2)


def test_the_database_refuses_a_second_slot_at_the_same_start(session, offered, factories):
    center, service = offered
    starts = now_utc() + timedelta(days=3)
    factories.slot(center, service, starts_at=starts)
    with pytest.raises(IntegrityError), session.begin_nested():
        factories.slot(center, service, starts_at=starts)


def test_an_import_is_audited(session, offered):
    center, service = offered
    outcome = run(session, csv_file(row(center, service)))
    session.commit()
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "slot_import",
                                                     AuditEntry.entity_id == str(outcome.import_id))).one()
    assert entry.action == "slot_import.done" and entry.after["slots_created"] == 2


def test_a_partner_imports_only_its_own_center(session, offered, factories):
    center, service = offered
    other = factories.center()
    factories.offer(other, service)
    partner = Actor(Role.PARTNER_STAFF, None, center_id=center.id)
    with pytest.raises(Forbidden, match="line 3 names another center"):
        run(session, csv_file(row(center, service), row(other, service)), actor=partner)
    assert run(session, csv_file(row(center, service)), actor=partner).slots_created == 2


def test_support_agents_may_not_import(session, offered):
    with pytest.raises(Forbidden, match="slot.import"):
        run(session, csv_file(row(*offered)), actor=Actor(Role.SUPPORT_AGENT, 1))


def test_the_importer_works_on_the_embedded_default(sqlite_session):
    from tests.factories import Factories
    f = Factories(sqlite_session)
    center, service = f.center(), f.service()
    f.offer(center, service)
    data = csv_file(row(center, service))
    first, second = run(sqlite_session, data), run(sqlite_session, data)
    assert (first.slots_created, second.slots_created, second.slots_existing) == (2, 0, 2)


@pytest.mark.slow  # about 8 s on 2 shared cores
def test_a_hundred_thousand_rows_import_in_one_go(session, factories):
    pairs = []
    for _ in range(20):
        center, service = factories.center(), factories.service()
        factories.offer(center, service)
        pairs.append((center, service))
    today = now_utc().astimezone(IST).date()
    lines = [f"{c.code},{s.code},{today + timedelta(days=1 + d)},{h:02d}:00,{h:02d}:30,30,1"
             for c, s in pairs for d in range(500) for h in range(8, 18)]
    assert len(lines) == 100_000
    outcome = run(session, csv_file(*lines))
    assert (outcome.errors, outcome.slots_created) == ([], 100_000)
    assert session.scalar(select(func.count()).select_from(Slot).where(
        Slot.center_id.in_([c.id for c, _ in pairs]))) == 100_000


def test_progress_is_reported_as_rows_are_checked(session, offered):
    center, service = offered
    today = now_utc().astimezone(IST).date()
    lines = [f"{center.code},{service.code},{today + timedelta(days=1 + d)},{h:02d}:00,{h:02d}:30,30,1"
             for d in range(1200) for h in range(8, 18)]
    seen = []
    run(session, csv_file(*lines), dry_run=True, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(5000, 12000), (10000, 12000), (12000, 12000)]
