"""Reading a slot CSV: header, NUL bytes, encoding and malformed quoting, each reported by line number."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

COLUMNS = ("center", "service", "date", "start", "end", "slot_minutes", "capacity")


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class RawRow:
    line: int
    fields: dict[str, str]


def read(data: bytes) -> tuple[list[RawRow], list[RowError]]:
    """The data rows of a slot CSV and the problems found while reading it (line 1 is the header)."""
    errors: list[RowError] = []
    text = _decode(data, errors)
    if text is None:
        return [], errors
    reader = csv.reader(_lines(text, errors), strict=True)
    header = _header(reader, errors)
    if header is None:
        return [], errors
    return list(_rows(reader, errors)), sorted(errors, key=lambda e: e.line)


def _decode(data: bytes, errors: list[RowError]) -> str | None:
    if not data.strip():
        errors.append(RowError(1, "the file is empty; the first line must be the header "
                                  + ",".join(COLUMNS)))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        errors.append(RowError(line, "the file is not UTF-8 text (save it as CSV UTF-8)"))
        return None


def _lines(text: str, errors: list[RowError]) -> Iterator[str]:
    """Lines for the csv reader; a line with a NUL byte is reported and read as an empty line."""
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if "\x00" in line:
            errors.append(RowError(number, "the line contains a NUL byte (is this really a CSV file?)"))
            yield "\n"
        else:
            yield line


def _header(reader, errors: list[RowError]) -> list[str] | None:
    try:
        header = next(reader, None)
    except csv.Error as error:
        errors.append(RowError(reader.line_num, f"malformed CSV header: {error}"))
        return None
    found = [name.strip().lower() for name in header or []]
    if tuple(found) != COLUMNS:
        errors.append(RowError(1, f"the header must be {','.join(COLUMNS)}; found {','.join(found) or 'nothing'}"))
        return None
    return found


def _rows(reader, errors: list[RowError]) -> Iterator[RawRow]:
    """Data rows, each numbered by the line it starts on (a quoted field may span lines)."""
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.append(RowError(line, f"malformed CSV: {error} (an unclosed quote swallows the lines after it)"
                                   if "end of data" in str(error) else f"malformed CSV: {error}"))
            continue
        if not any(f.strip() for f in fields):
            continue  # blank lines (and NUL lines, already reported) are not rows
        if len(fields) != len(COLUMNS):
            errors.append(RowError(line, f"expected {len(COLUMNS)} columns, found {len(fields)}"))
            continue
        yield RawRow(line, dict(zip(COLUMNS, (f.strip() for f in fields))))
