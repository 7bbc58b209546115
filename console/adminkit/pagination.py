"""Keyset pages for huge lists: "next" continues after the last row's key instead of OFFSET, so page
6,000 costs what page 1 costs. Sorting by other columns is off: it would not match the cursor.

KeysetPaging (slots) walks (time, id): upcoming rows first; ?past=1 walks back from now, newest first.
NewestFirstPaging (bookings, the audit log: tables that only grow) walks id downwards, newest first."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import abort, request
from sqlalchemy import tuple_

from core.clock import now_utc

RECENT = timedelta(hours=1)  # "upcoming" keeps the slot that started a moment ago in view


class KeysetPaging:
    keyset_column = "starts_at"
    list_template = "panel/keyset_list.html"
    column_sortable_list: tuple = ()
    column_default_sort = None

    def get_query(self):
        column, past = getattr(self.model, self.keyset_column), request.args.get("past") == "1"
        key = tuple_(column, self.model.id)
        query = super().get_query()
        query = query.filter(column < now_utc()) if past else query.filter(column >= now_utc() - RECENT)
        cursor = parse_cursor(request.args.get("after"))
        if cursor is not None:
            query = query.filter(key < cursor if past else key > cursor)
        return query.order_by(column.desc(), self.model.id.desc()) if past else query.order_by(column, self.model.id)

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        count, rows = super().get_list(None, None, False, search, filters, execute, page_size)
        size = page_size or self.page_size
        if execute and size and len(rows) == size:
            last = rows[-1]
            self._template_args["next_after"] = make_cursor(getattr(last, self.keyset_column), last.id)
        self._template_args["past"] = request.args.get("past") == "1"
        return count, rows


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def make_cursor(moment: datetime, row_id: int) -> str:
    """'<microseconds since 1970>_<id>': digits only, so it survives any URL unescaped."""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return f"{(moment - _EPOCH) // _MICROSECOND}_{row_id}"


def parse_cursor(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    micros, _, row_id = raw.partition("_")
    if not (micros.isdigit() and row_id.isdigit() and len(micros) <= 18 and len(row_id) <= 18):
        abort(400, "This page link is not valid; go back to the first page.")
    return _EPOCH + int(micros) * _MICROSECOND, int(row_id)


class NewestFirstPaging:
    list_template = "panel/newest_list.html"
    column_sortable_list: tuple = ()
    column_default_sort = None

    def get_query(self):
        query = super().get_query()
        before = parse_id(request.args.get("before"))
        if before is not None:
            query = query.filter(self.model.id < before)
        return query.order_by(self.model.id.desc())

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        count, rows = super().get_list(None, None, False, search, filters, execute, page_size)
        size = page_size or self.page_size
        if execute and size and len(rows) == size:
            self._template_args["next_before"] = rows[-1].id
        return count, rows


def parse_id(raw: str | None) -> int | None:
    if not raw:
        return None
    if not (raw.isdigit() and len(raw) <= 18):
        abort(400, "This page link is not valid; go back to the first page.")
    return int(raw)


def page_number(name: str) -> int:
    """The page number ?<name>= asks for; 1 when it is missing or not a sensible number."""
    raw = request.args.get(name, "1")
    return min(int(raw), 10_000) if raw.isdigit() and int(raw) > 0 else 1
