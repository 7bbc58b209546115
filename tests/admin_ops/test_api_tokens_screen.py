"""API tokens for the slot import API, managed on /admin/api-tokens/: the secret is shown once and works
against POST /api/v1/slots/import; revoking stops it at once; both are audited."""
from __future__ import annotations

import re

from core.models import Role
from tests.admin_ops.conftest import audit_actions, post
from tests.slots.helpers import csv_file, row

PAGE = "/admin/api-tokens/"


def _issue(client, center) -> str:
    page = post(client, PAGE, PAGE + "issue", {"name": "Lotus RIS", "center_id": str(center.id), "user_id": ""})
    return re.search(r'id="secret" type="text" readonly value="(mdz_[^"]+)"', page.get_data(as_text=True)).group(1)


def _import(app, secret: str, center, service):
    return app.test_client().post("/api/v1/slots/import?dry_run=1", data=csv_file(row(center, service)),
                                  content_type="text/csv", headers={"Authorization": f"Bearer {secret}"})


def test_a_token_is_shown_once_works_and_stops_when_revoked(app, container, world, signed_in, make):
    center, service = make(lambda f: _offered(f))
    client = signed_in(Role.OPS_MANAGER)
    secret = _issue(client, center)
    assert secret not in client.get(PAGE).get_data(as_text=True)  # never shown again
    assert _import(app, secret, center, service).status_code == 200
    token_id = int(re.search(r'/admin/api-tokens/(\d+)/revoke', client.get(PAGE).get_data(as_text=True)).group(1))
    post(client, PAGE, f"{PAGE}{token_id}/revoke")
    assert _import(app, secret, center, service).status_code == 401
    ops = world["staff"][Role.OPS_MANAGER].id
    assert audit_actions(container, "api_token", token_id) == [("api_token.created", ops), ("api_token.revoked", ops)]


def test_a_token_for_both_a_center_and_a_user_is_refused_with_a_reason(world, signed_in, make):
    center = make(lambda f: f.center())
    page = post(signed_in(Role.OPS_MANAGER), PAGE, PAGE + "issue",
                {"name": "both", "center_id": str(center.id), "user_id": str(world["staff"][Role.FINANCE].id)})
    assert "either for one center or for one staff user" in page.get_data(as_text=True)
    assert 'id="secret"' not in page.get_data(as_text=True)


def test_finance_cannot_manage_tokens(signed_in):
    assert signed_in(Role.FINANCE).get(PAGE).status_code == 403


def _offered(f):
    center, service = f.center(), f.service()
    f.offer(center, service)
    return center, service
