"""CSV exports: permission per table, produced once, capped, patient details masked, only the requester
downloads."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from core.actors import Actor
from core.errors import Forbidden, NotFound, ValidationError
from core.insight import exports
from core.models import BookingStatus as S
from core.models.exports import ExportStatus
from core.models.users import Role
from core.storage import LocalStorage
from tests.insight.history import ist, slot_in_march

START, END = date(2019, 3, 1), date(2019, 4, 1)


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "files", secret="s", base_url="http://test")


def _csv(storage, export):
    return list(csv.reader(io.StringIO(storage.get(export.storage_key).decode())))


def test_each_table_needs_its_permission(any_session, any_factories):
    marketing = Actor.of(any_factories.staff(Role.MARKETING))
    with pytest.raises(Forbidden):
        exports.request(any_session, actor=marketing, kind="gst_register", start=START, end=END)
    with pytest.raises(ValidationError):
        exports.request(any_session, actor=marketing, kind="passwords", start=START, end=END)
    assert exports.request(any_session, actor=marketing, kind="funnel", start=START, end=END).status is ExportStatus.QUEUED


def test_the_bookings_export_masks_phones_and_names(any_session, any_factories, history, storage):
    ops = Actor.of(any_factories.staff(Role.OPS_MANAGER))
    patient = any_factories.patient(name="Asha Devi Rao", phone="+919812345678")
    history.booking(slot_in_march(any_factories, any_factories.center(), any_factories.service(), 9), patient, S.CONFIRMED,
                    created=ist(8), paid=ist(8))
    export = exports.request(any_session, actor=ops, kind="bookings", start=START, end=END)
    exports.produce(any_session, storage, export_id=export.id)
    header, row = _csv(storage, export)
    assert header[5:7] == ["patient", "phone"] and row[5:7] == ["A. D. R.", "+91••••••5678"]
    assert "Asha" not in storage.get(export.storage_key).decode()


def test_an_export_is_produced_once_and_capped(any_session, any_factories, history, storage, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 2)
    ops = Actor.of(any_factories.staff(Role.OPS_MANAGER))
    patient, slot = any_factories.patient(), slot_in_march(any_factories, any_factories.center(), any_factories.service(), 9)
    for day in (2, 3, 4):
        history.booking(slot, patient, S.CONFIRMED, created=ist(day), paid=ist(day))
    export = exports.request(any_session, actor=ops, kind="bookings_per_day", start=START, end=END)
    exports.produce(any_session, storage, export_id=export.id)
    first_key = export.storage_key
    exports.produce(any_session, storage, export_id=export.id)
    assert (export.rows, export.truncated, export.storage_key) == (2, True, first_key)
    assert len(_csv(storage, export)) == 3  # header + 2


def test_only_the_requester_downloads_it(any_session, any_factories, storage):
    finance, other = Actor.of(any_factories.staff(Role.FINANCE)), Actor.of(any_factories.staff(Role.FINANCE))
    export = exports.request(any_session, actor=finance, kind="gst_register", start=START, end=END)
    with pytest.raises(NotFound, match="not ready"):
        exports.link(any_session, storage, actor=finance, export_id=export.id)
    exports.produce(any_session, storage, export_id=export.id)
    assert "/files/exports/" in exports.link(any_session, storage, actor=finance, export_id=export.id)
    with pytest.raises(NotFound):
        exports.link(any_session, storage, actor=other, export_id=export.id)
