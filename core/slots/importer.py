"""The one slot importer: CSV `center,service,date,start,end,slot_minutes,capacity` -> slots.

Reached from the console upload (a background job, core.slots.imports), the API and the CLI. A file is
checked whole before anything is written: every bad row is reported with its line number and reason, and
a file with any bad row imports nothing unless the caller asks to import the good rows. Slots that are
already there (same center, service, start and end) are counted, not created again.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, waitlist
from core.actors import Actor
from core.clock import now_utc
from core.errors import Forbidden
from core.models.centers import Center, CenterService
from core.models.services import Service
from core.models.slot_imports import ImportStatus, SlotImport
from core.models.slots import Slot
from core.models.users import Role
from core.slots import csv_rows, overlaps, rows
from core.slots.bulk_insert import insert_slots
from core.slots.csv_rows import RowError

Progress = Callable[[int, int], None]  # (rows checked, rows in the file)
PROGRESS_EVERY = 5000


@dataclass
class Plan:
    rows: int
    errors: list[RowError]
    accepted: list[overlaps.Accepted] = field(default_factory=list)
    city_of: dict[int, int] = field(default_factory=dict)

    @property
    def new_slots(self) -> int:
        return sum(len(a.new_starts) for a in self.accepted)

    @property
    def existing_slots(self) -> int:
        return sum(a.existing for a in self.accepted)


@dataclass(frozen=True)
class Outcome:
    rows: int
    errors: list[RowError]
    slots_created: int
    slots_existing: int
    imported: bool
    dry_run: bool
    import_id: int | None = None

    @property
    def bad_rows(self) -> int:
        return len(self.errors)

    def as_dict(self) -> dict:
        return {"import_id": self.import_id, "dry_run": self.dry_run, "imported": self.imported,
                "rows": self.rows, "bad_rows": self.bad_rows, "slots_created": self.slots_created,
                "slots_existing": self.slots_existing, "errors": [e.as_dict() for e in self.errors]}


def authorize(actor: Actor) -> None:
    """The platform itself (the operator's CLI) may import; people need slot.import."""
    if actor.role is not Role.SYSTEM:
        actor.require_permission("slot.import")


def check(session: Session, *, actor: Actor, data: bytes, now: datetime | None = None,
          progress: Progress | None = None) -> Plan:
    """Read and check a whole file against the catalogue and the slots already stored; writes nothing."""
    authorize(actor)
    raw, errors = csv_rows.read(data)
    total = len(raw) + sum(e.line > 1 for e in errors)  # rows the reader could not split count too
    parsed = _parse_all(raw, now or now_utc(), errors, progress)
    known, city_of = _resolve(session, actor, parsed, errors)
    accepted, overlapping = overlaps.check(known, _existing(session, known))
    errors.extend(overlapping)
    errors.sort(key=lambda e: e.line)
    return Plan(rows=total, errors=errors, accepted=accepted, city_of=city_of)


def run(session: Session, *, actor: Actor, data: bytes, dry_run: bool = False, import_good_rows: bool = False,
        source: str = "cli", filename: str = "", record: SlotImport | None = None,
        now: datetime | None = None, progress: Progress | None = None) -> Outcome:
    """Check a file and, unless it is a dry run or has bad rows nobody asked to skip, import its slots."""
    plan = check(session, actor=actor, data=data, now=now, progress=progress)
    if dry_run:
        return _finish(session, actor, plan, record, created=0, imported=False, dry_run=True)
    record = record or _new_record(session, actor, data, source, filename, import_good_rows)
    if plan.errors and not import_good_rows:
        return _finish(session, actor, plan, record, created=0, imported=False, dry_run=False)
    created = insert_slots(session, _new_slots(plan))
    if created:
        _announce(session, plan)
    return _finish(session, actor, plan, record, created=created, imported=True, dry_run=False)


def _parse_all(raw: list[csv_rows.RawRow], now: datetime, errors: list[RowError],
               progress: Progress | None) -> list[rows.RowSlots]:
    parsed = []
    for done, row in enumerate(raw, start=1):
        result = rows.parse(row, now)
        (errors if isinstance(result, RowError) else parsed).append(result)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(raw))
    if progress:
        progress(len(raw), len(raw))
    return parsed


def _resolve(session: Session, actor: Actor, parsed: list[rows.RowSlots], errors: list[RowError]
             ) -> tuple[list[tuple[overlaps.Key, rows.RowSlots]], dict[int, int]]:
    """Turn codes into ids; rows naming an unknown, inactive or unoffered service or center are bad."""
    centers = _centers(session, {r.center for r in parsed})
    services = _services(session, {r.service for r in parsed})
    offered = _offers(session, {c[0] for c in centers.values()})
    _refuse_foreign(actor, parsed, centers)
    known = []
    for row in parsed:
        reason = _lookup_problem(row, centers, services, offered)
        if reason:
            errors.append(RowError(row.line, reason))
        else:
            known.append(((centers[row.center][0], services[row.service][0]), row))
    return known, {cid: city for cid, city in centers.values()}


def _lookup_problem(row: rows.RowSlots, centers: dict, services: dict, offered: set) -> str | None:
    if row.center not in centers:
        return f"unknown center {row.center!r}"
    if row.service not in services:
        return f"unknown service {row.service!r}"
    service_id, active = services[row.service]
    if not active:
        return f"service {row.service!r} is no longer offered"
    if (centers[row.center][0], service_id) not in offered:
        return f"center {row.center!r} does not offer {row.service!r} (set its price first)"
    return None


def _refuse_foreign(actor: Actor, parsed: list[rows.RowSlots], centers: dict) -> None:
    """A partner (or a center's API token) imports its own center's slots only: any other is refused whole."""
    if actor.role is not Role.PARTNER_STAFF:
        return
    foreign = [r.line for r in parsed if r.center in centers and centers[r.center][0] != actor.center_id]
    if foreign:
        lines = ", ".join(map(str, foreign[:10])) + (" ..." if len(foreign) > 10 else "")
        raise Forbidden(f"Only your own center's slots can be imported; line {lines} names another center.")


def _centers(session: Session, codes: set[str]) -> dict[str, tuple[int, int]]:
    query = select(Center.code, Center.id, Center.city_id).where(Center.code.in_(codes))
    return {code: (cid, city) for code, cid, city in session.execute(query)} if codes else {}


def _services(session: Session, codes: set[str]) -> dict[str, tuple[int, bool]]:
    query = select(Service.code, Service.id, Service.is_active).where(Service.code.in_(codes))
    return {code: (sid, active) for code, sid, active in session.execute(query)} if codes else {}


def _offers(session: Session, center_ids: set[int]) -> set[tuple[int, int]]:
    query = select(CenterService.center_id, CenterService.service_id).where(
        CenterService.center_id.in_(center_ids), CenterService.is_active)
    return {(c, s) for c, s in session.execute(query)} if center_ids else set()


def _existing(session: Session, known: list[tuple[overlaps.Key, rows.RowSlots]]
              ) -> dict[overlaps.Key, list[tuple[datetime, datetime]]]:
    """The stored slots the file's rows could overlap, in one query."""
    if not known:
        return {}
    start = min(r.starts_at for _, r in known)
    end = max(r.ends_at for _, r in known)
    query = select(Slot.center_id, Slot.service_id, Slot.starts_at, Slot.ends_at).where(
        Slot.center_id.in_({k[0] for k, _ in known}), Slot.service_id.in_({k[1] for k, _ in known}),
        Slot.starts_at < end, Slot.ends_at > start)
    found: dict[overlaps.Key, list] = {}
    for center_id, service_id, starts_at, ends_at in session.execute(query):
        found.setdefault((center_id, service_id), []).append((starts_at, ends_at))
    return found


def _new_slots(plan: Plan):
    for accepted in plan.accepted:
        (center_id, service_id), row = accepted.key, accepted.row
        length = timedelta(minutes=row.minutes)
        for start in accepted.new_starts:
            yield center_id, service_id, plan.city_of[center_id], start, start + length, row.capacity


def _announce(session: Session, plan: Plan) -> None:
    """One SLOTS_OPENED per city and scan the file opened days for (the waitlist hears of them)."""
    days: dict[tuple[int, int], list] = {}
    for _, service_id, city_id, starts, ends, _ in _new_slots(plan):
        days.setdefault((city_id, service_id), []).append(starts)
    for (city_id, service_id), starts in days.items():
        waitlist.opened_at(session, city_id=city_id, service_id=service_id, starts=min(starts), ends=max(starts))


def _new_record(session: Session, actor: Actor, data: bytes, source: str, filename: str,
                import_good_rows: bool) -> SlotImport:
    record = SlotImport(source=source, filename=filename[:200], sha256=hashlib.sha256(data).hexdigest(),
                        import_good_rows=import_good_rows, requested_by_id=actor.user_id,
                        center_id=actor.center_id, errors=[])
    session.add(record)
    session.flush()
    return record


def _finish(session: Session, actor: Actor, plan: Plan, record: SlotImport | None, *, created: int,
            imported: bool, dry_run: bool) -> Outcome:
    existing = plan.existing_slots + (plan.new_slots - created if imported else 0)
    outcome = Outcome(rows=plan.rows, errors=plan.errors, slots_created=created, slots_existing=existing,
                      imported=imported, dry_run=dry_run, import_id=record.id if record else None)
    if record is not None:
        _record_outcome(session, actor, record, outcome)
    return outcome


def _record_outcome(session: Session, actor: Actor, record: SlotImport, outcome: Outcome) -> None:
    record.status = ImportStatus.DONE if outcome.imported or outcome.dry_run else ImportStatus.REJECTED
    record.total_rows = record.processed_rows = outcome.rows
    record.bad_rows, record.errors = outcome.bad_rows, [e.as_dict() for e in outcome.errors]
    record.slots_created, record.slots_existing, record.finished_at = (outcome.slots_created,
                                                                       outcome.slots_existing, now_utc())
    audit.record(session, actor=actor, action=f"slot_import.{record.status.value}", entity_type="slot_import",
                 entity_id=record.id, after={"rows": outcome.rows, "bad_rows": outcome.bad_rows,
                                             "slots_created": outcome.slots_created,
                                             "slots_existing": outcome.slots_existing,
                                             "dry_run": outcome.dry_run, "sha256": record.sha256})
