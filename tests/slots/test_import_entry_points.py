"""The importer's three ways in: `medezy slots import`, POST /api/v1/slots/import, and the upload job."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from console.cli import main
from core import api_tokens
from core.actors import Actor
from core.models import Role, Slot
from core.models.slot_imports import ImportStatus, SlotImport
from core.slots import imports
from tests.factories import Factories
from tests.slots.helpers import csv_file, row

OPS = Actor(Role.OPS_MANAGER, None)


@pytest.fixture
def world(container):
    """Two centers offering one service, committed, with a token for the first center."""
    with container.session_factory() as session:
        f = Factories(session)
        mine, theirs, service = f.center(), f.center(), f.service()
        f.offer(mine, service), f.offer(theirs, service)
        ops = f.staff(Role.OPS_MANAGER)
        support = f.staff(Role.SUPPORT_AGENT)
        _, center_token = api_tokens.create(session, actor=Actor.of(ops), name="RIS", center_id=mine.id)
        _, support_token = api_tokens.create(session, actor=Actor.of(ops), name="script", user_id=support.id)
        session.commit()
        return {"mine": mine, "theirs": theirs, "service": service, "ops": ops, "token": center_token,
                "support_token": support_token}


def slot_count(container, center) -> int:
    with container.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Slot).where(Slot.center_id == center.id))


def post(client, token, data: bytes, **flags):
    return client.post("/api/v1/slots/import", json={"csv": data.decode(), **flags},
                       headers={"Authorization": f"Bearer {token}"} if token else {})


def test_cli_imports_a_good_file_and_exits_zero(container, world, tmp_path):
    path = tmp_path / "slots.csv"
    path.write_bytes(csv_file(row(world["mine"], world["service"])))
    result = CliRunner().invoke(main, ["slots", "import", str(path)], obj=container)
    assert result.exit_code == 0, result.output
    assert "imported 2 new slots" in result.output and slot_count(container, world["mine"]) == 2


def test_cli_reports_bad_rows_and_exits_non_zero(container, world, tmp_path):
    path = tmp_path / "slots.csv"
    path.write_bytes(csv_file(row(world["mine"], world["service"]), "X,Y,2030-01-01,09:00,10:00,30,1"))
    result = CliRunner().invoke(main, ["slots", "import", str(path), "--dry-run"], obj=container)
    assert result.exit_code == 1
    assert "line 3: unknown center 'X'" in result.stderr and "dry run" in result.stdout
    assert slot_count(container, world["mine"]) == 0


def test_api_imports_with_a_center_token(app, container, world):
    response = post(app.test_client(), world["token"], csv_file(row(world["mine"], world["service"])))
    assert response.status_code == 200, response.json
    assert (response.json["imported"], response.json["slots_created"]) == (True, 2)
    assert slot_count(container, world["mine"]) == 2


def test_api_refuses_a_missing_or_unknown_token(app, world):
    client = app.test_client()
    data = csv_file(row(world["mine"], world["service"]))
    assert post(client, None, data).status_code == 401
    response = post(client, "mdz_not-a-token", data)
    assert response.status_code == 401 and "valid API token" in response.json["error"]


def test_api_refuses_a_revoked_token(app, container, world):
    with container.session_factory() as session:
        token = session.scalar(select(api_tokens.ApiToken).where(
            api_tokens.ApiToken.token_hash == api_tokens.digest(world["token"])))
        api_tokens.revoke(session, actor=Actor.of(world["ops"]), token_id=token.id)
        session.commit()
    assert post(app.test_client(), world["token"], csv_file(row(world["mine"], world["service"]))).status_code == 401


def test_a_center_token_cannot_import_another_centers_slots(app, container, world):
    response = post(app.test_client(), world["token"], csv_file(row(world["theirs"], world["service"])))
    assert response.status_code == 403 and "another center" in response.json["error"]
    assert slot_count(container, world["theirs"]) == 0


def test_a_user_token_acts_with_that_users_permissions(app, world):
    response = post(app.test_client(), world["support_token"], csv_file(row(world["mine"], world["service"])))
    assert response.status_code == 403 and "slot.import" in response.json["error"]


def test_api_answers_bad_rows_with_422_and_imports_nothing(app, container, world):
    data = csv_file(row(world["mine"], world["service"]), f"{world['mine'].code},NOPE,2030-01-01,09:00,10:00,30,1")
    response = post(app.test_client(), world["token"], data)
    assert response.status_code == 422
    assert response.json["errors"] == [{"line": 3, "reason": "unknown service 'NOPE'"}]
    assert slot_count(container, world["mine"]) == 0
    taken = post(app.test_client(), world["token"], data, import_good_rows=True)
    assert (taken.status_code, taken.json["slots_created"]) == (200, 2)


@pytest.mark.parametrize("body", [{"csv": 5}, {"rows": []}, {"csv": "x", "dry_run": "yes"}])
def test_api_rejects_a_malformed_request_with_400(app, world, body):
    response = app.test_client().post("/api/v1/slots/import", json=body,
                                      headers={"Authorization": f"Bearer {world['token']}"})
    assert response.status_code == 400 and "error" in response.json


def test_api_accepts_a_text_csv_body(app, container, world):
    response = app.test_client().post("/api/v1/slots/import?dry_run=1",
                                      data=csv_file(row(world["mine"], world["service"])),
                                      headers={"Authorization": f"Bearer {world['token']}", "Content-Type": "text/csv"})
    assert (response.status_code, response.json["dry_run"]) == (200, True)
    assert slot_count(container, world["mine"]) == 0


def _upload(container, world, data: bytes, **kw) -> int:
    with container.uow() as uow:
        record = imports.create(uow.session, actor=Actor.of(world["ops"]), storage=container.adapters["storage"],
                                data=data, filename="week.csv", **kw)
        uow.commit()
        return record.id


def test_an_uploaded_file_is_imported_by_the_job_with_its_progress(container, world):
    import_id = _upload(container, world, csv_file(row(world["mine"], world["service"])))
    container.jobs.enqueue(imports.JOB, import_id)
    container.jobs.drain()
    with container.session_factory() as session:
        record = session.get(SlotImport, import_id)
        assert (record.status, record.processed_rows, record.total_rows, record.slots_created) == (
            ImportStatus.DONE, 1, 1, 2)
        assert record.percent == 100
    assert imports.run_job(container, import_id) == f"slot import {import_id} is not queued; nothing to do"
    assert slot_count(container, world["mine"]) == 2


def test_an_uploaded_file_with_bad_rows_is_rejected_with_its_errors(container, world):
    import_id = _upload(container, world, csv_file("X,Y,2030-01-01,09:00,10:00,30,1"))
    assert imports.run_job(container, import_id) == "rejected"
    with container.session_factory() as session:
        assert session.get(SlotImport, import_id).errors == [{"line": 2, "reason": "unknown center 'X'"}]


def test_a_partner_sees_only_its_own_centers_imports(container, world):
    import_id = _upload(container, world, csv_file(row(world["mine"], world["service"])))
    with container.session_factory() as session:
        with pytest.raises(imports.NotFound):
            imports.get_or_raise(session, actor=Actor(Role.PARTNER_STAFF, None, world["theirs"].id),
                                 import_id=import_id)
        assert imports.get_or_raise(session, actor=OPS, import_id=import_id).id == import_id


def test_cli_issues_a_center_token_the_api_accepts(app, container, world):
    result = CliRunner().invoke(main, ["tokens", "create", "--name", "Lotus RIS", "--center", world["mine"].code],
                           obj=container)
    assert result.exit_code == 0, result.output
    secret = result.stdout.split(": ")[-1].strip()
    response = post(app.test_client(), secret, csv_file(row(world["mine"], world["service"])), dry_run=True)
    assert response.status_code == 200
    token_id = result.stdout.split()[1]
    assert CliRunner().invoke(main, ["tokens", "revoke", token_id], obj=container).exit_code == 0
    assert post(app.test_client(), secret, csv_file(row(world["mine"], world["service"]))).status_code == 401


def test_cli_refuses_a_token_for_nobody(container, world):
    result = CliRunner().invoke(main, ["tokens", "create", "--name", "orphan"], obj=container)
    assert result.exit_code != 0 and "either for one center or for one staff user" in result.output
