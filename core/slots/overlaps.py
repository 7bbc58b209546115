"""Overlap checks for an import: each row against the slots already there and against the file's other rows.

A slot already there with exactly the row's start and end is not an overlap: it is the same slot, imported
before, and is counted as existing (so importing a file twice changes nothing). Rows are swept per center
and service in start order, so the check is O(n log n) for the whole file, not O(n^2).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import IST
from core.slots.csv_rows import RowError
from core.slots.rows import RowSlots

Key = tuple[int, int]  # (center_id, service_id)


@dataclass(frozen=True)
class Accepted:
    row: RowSlots
    key: Key
    new_starts: list[datetime]
    existing: int


class _Existing:
    """The slots already stored for one center and service, sorted by start."""

    def __init__(self, spans: list[tuple[datetime, datetime]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.longest = max((e - s for s, e in spans), default=timedelta(0))

    def overlapping(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        i = bisect_left(self.starts, start - self.longest)
        found = []
        while i < len(self.starts) and self.starts[i] < end:
            if self.ends[i] > start:
                found.append((self.starts[i], self.ends[i]))
            i += 1
        return found


def check(rows: list[tuple[Key, RowSlots]], existing: dict[Key, list[tuple[datetime, datetime]]]
          ) -> tuple[list[Accepted], list[RowError]]:
    """Split rows into accepted ones (with the slots still to create) and overlapping ones."""
    by_key: dict[Key, list[RowSlots]] = defaultdict(list)
    for key, row in rows:
        by_key[key].append(row)
    accepted, errors = [], []
    for key, key_rows in by_key.items():
        _sweep(key, key_rows, _Existing(existing.get(key, [])), accepted, errors)
    return accepted, errors


def _sweep(key: Key, rows: list[RowSlots], stored: _Existing, accepted: list, errors: list) -> None:
    reach, reach_line = None, 0
    for row in sorted(rows, key=lambda r: (r.starts_at, r.line)):
        if reach is not None and row.starts_at < reach:
            errors.append(RowError(row.line, f"overlaps line {reach_line} of this file (same center and service)"))
            continue
        result = _against_stored(row, stored)
        if isinstance(result, RowError):
            errors.append(result)
            continue
        accepted.append(Accepted(row, key, *result))
        reach, reach_line = row.ends_at, row.line


def _against_stored(row: RowSlots, stored: _Existing) -> tuple[list[datetime], int] | RowError:
    starts = row.slot_starts()
    wanted, length = set(starts), timedelta(minutes=row.minutes)
    same = set()
    for start, end in stored.overlapping(row.starts_at, row.ends_at):
        if start not in wanted or end - start != length:
            return RowError(row.line, f"overlaps the existing slot {_hhmm(start)}-{_hhmm(end)} IST")
        same.add(start)
    return [s for s in starts if s not in same], len(same)


def _hhmm(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%H:%M")
