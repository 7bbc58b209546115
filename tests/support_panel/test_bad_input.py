"""Bad input to the support screens is a clear 4xx, never a 500."""
from __future__ import annotations

from core.models import Booking, BookingStatus, Role
from tests.support_panel.conftest import act


BAD = [
    ("/support/workspace/99999999999", 404), ("/support/tickets/99999999999", 404),
    ("/support/find?center=99999999999", 422), ("/support/find?center=abc", 422), ("/support/find?q=%00%00", 422),
    ("/support/find?on=2026-02-30", 422), ("/support/tickets?owner=%00", 422), ("/support/tickets?priority=x", 422),
    ("/support/refunds?state=nope", 422), ("/support/conversations/99999999999", 404),
]


def test_bad_input_is_a_clear_4xx(login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert [(path, client.get(path).status_code) for path, _ in BAD] == BAD


def test_a_huge_id_in_a_post_is_404_not_500(login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert client.post("/support/refunds/99999999999/retry").status_code == 404


def test_a_nul_character_in_a_reason_is_a_422_and_nothing_changes(container, login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert act(client, case, "cancel", reason="patient\x00asked").status_code == 422
    with container.uow() as uow:
        assert uow.session.get(Booking, case.booking_id).status is BookingStatus.PENDING
