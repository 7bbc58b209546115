"""Set-based slot inserts: COPY straight into slots; on a unique clash, COPY into a temporary table and
INSERT ... ON CONFLICT DO NOTHING from it.

Row-by-row ORM inserts of 100,000 slots take minutes; COPY streams them in one round trip. The importer
has already left out the slots that exist, so the direct COPY clashes only when another import created
some of them meanwhile; the unique constraint (center, service, start) then aborts the COPY inside its
savepoint and the slower path drops exactly those slots, so a race ends in "already there", never in a
duplicate or an error. SQLite (the embedded default) has no COPY; it gets an executemany INSERT OR IGNORE.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.models.slots import Slot

NewSlot = tuple[int, int, int, datetime, datetime, int]  # center, service, city, starts, ends, capacity
UNIQUE_VIOLATION = "23505"
_COLUMNS = "center_id, service_id, city_id, starts_at, ends_at, capacity"


def insert_slots(session: Session, slots: Iterable[NewSlot]) -> int:
    """Insert the slots in one statement (skipping any that exist by then); returns how many were created."""
    if session.get_bind().dialect.name == "postgresql":
        return _copy_insert(session, slots)
    return _sqlite_insert(session, list(slots))


def _copy_insert(session: Session, slots: Iterable[NewSlot]) -> int:
    session.flush()
    rows = list(slots)
    try:
        with session.begin_nested():
            _copy(session, f"slots ({_COLUMNS}, claimed, is_blocked)", (row + (0, False) for row in rows))
        return len(rows)
    except Exception as error:  # noqa: BLE001 - only a unique violation (SQLSTATE 23505) is expected here
        if getattr(error, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
    session.execute(text(f"CREATE TEMP TABLE slot_import_rows AS SELECT {_COLUMNS} FROM slots WITH NO DATA"))
    _copy(session, f"slot_import_rows ({_COLUMNS})", rows)
    created = session.execute(text(
        f"INSERT INTO slots ({_COLUMNS}, claimed, is_blocked) SELECT {_COLUMNS}, 0, false FROM slot_import_rows "
        "ON CONFLICT ON CONSTRAINT uq_slots_center_service_start DO NOTHING")).rowcount
    session.execute(text("DROP TABLE slot_import_rows"))
    return created


def _copy(session: Session, target: str, rows: Iterable[tuple]) -> None:
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _sqlite_insert(session: Session, slots: list[NewSlot]) -> int:
    if not slots:
        return 0
    before = session.scalar(select(func.count()).select_from(Slot))
    names = _COLUMNS.split(", ")
    statement = sqlite_insert(Slot).on_conflict_do_nothing(index_elements=["center_id", "service_id", "starts_at"])
    session.execute(statement, [{**dict(zip(names, row)), "claimed": 0, "is_blocked": False} for row in slots])
    return session.scalar(select(func.count()).select_from(Slot)) - before
