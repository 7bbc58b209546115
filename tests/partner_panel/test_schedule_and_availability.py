"""The schedule (a day's bookings, counts, tokenized contacts, the badge) and availability (weekly templates
that generate slots idempotently, one-off slots, CSV through the slot importer, blocking with a reason)."""
from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from core.clock import IST, now_utc
from core.models import Booking, Center, Service, Slot, Ticket
from core.slots import weekly
from tests.partner_panel.conftest import post_page_form


def _tomorrow():
    return (now_utc() + timedelta(days=1)).astimezone(IST).date()


def test_the_schedule_shows_a_days_bookings_with_counts_and_tokenized_phones(partner_a, centers, container):
    a = centers[0]
    with container.session_factory() as session:
        pending = session.get(Booking, a.pending_id)
        phone, reference, scan = pending.user.phone, pending.reference, pending.service.name
        day = pending.slot.starts_at.astimezone(IST).date()
    page = partner_a.get(f"/partner/schedule/?day={day}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and reference in html
    assert "Pending: 1" in html and f"{scan}: 1" in html
    assert phone not in html and phone[-4:] in html  # +91••••••3210
    assert 'class="badge-new"' in html  # one paid booking awaits confirmation


def test_a_malformed_or_far_day_is_a_clear_400(partner_a):
    assert partner_a.get("/partner/schedule/?day=tomorrow").status_code == 400
    assert partner_a.get("/partner/schedule/?day=2099-01-01").status_code == 400


def _add_weekly(client, service_id: int, **changes):
    fields = {"t-service_id": str(service_id), "t-weekdays": ["0", "1", "2", "3", "4", "5", "6"],
              "t-opens_at": "09:00", "t-closes_at": "11:00", "t-slot_minutes": "30", "t-capacity": "2", **changes}
    return post_page_form(client, "/partner/availability/", "weekly-form", **fields)


def _slot_count(container, center_id: int) -> int:
    with container.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Slot).where(Slot.center_id == center_id))


def test_weekly_hours_generate_slots_ahead_once(partner_a, centers, container):
    a = centers[0]
    before = _slot_count(container, a.center_id)
    response = _add_weekly(partner_a, a.service_id)
    assert response.status_code == 302
    created = _slot_count(container, a.center_id) - before
    assert weekly.DAYS_AHEAD * 4 - 4 <= created <= weekly.DAYS_AHEAD * 4  # 4 a day; today's past ones skipped
    with container.uow() as uow:  # the sweep and a second run find nothing to do
        assert weekly.generate(uow.session, today=now_utc().astimezone(IST).date()) == 0
        today = now_utc().astimezone(IST).date()
        assert weekly.generate(uow.session, today=today, force=True, center_id=a.center_id) == 0
        uow.commit()
    assert _slot_count(container, a.center_id) - before == created


def test_weekly_hours_refuse_a_scan_the_center_does_not_offer_and_bad_hours(partner_a, centers, container):
    b = centers[1]
    before = _slot_count(container, centers[0].center_id)
    refused = _add_weekly(partner_a, b.service_id)  # B's scan, not offered at A
    assert "does not offer this scan" in partner_a.get(refused.location).get_data(as_text=True)
    backwards = _add_weekly(partner_a, centers[0].service_id, **{"t-opens_at": "18:00", "t-closes_at": "09:00"})
    assert "Closing time must be after opening time" in partner_a.get(backwards.location).get_data(as_text=True)
    assert _slot_count(container, centers[0].center_id) == before


def _twelve_hours_from(container, slot_id: int) -> str:
    """A start hour that cannot clash with that slot on any day (the fixture's free slot is 26 hours ahead, so a
    fixed hour clashed with it whenever the suite ran at the matching time of day)."""
    with container.session_factory() as session:
        starts = session.get(Slot, slot_id).starts_at.astimezone(IST)
    return f"{(starts.hour + 12) % 24:02d}:00"


def test_a_one_off_slot_is_added_and_a_clashing_one_refused(partner_a, centers, container):
    a = centers[0]
    fields = {"o-service_id": str(a.service_id), "o-day": _tomorrow().isoformat(),
              "o-starts": _twelve_hours_from(container, a.free_slot_id),
              "o-slot_minutes": "30", "o-capacity": "1"}
    before = _slot_count(container, a.center_id)
    post_page_form(partner_a, "/partner/availability/", "one-off-form", **fields)
    again = post_page_form(partner_a, "/partner/availability/", "one-off-form", **fields)
    assert "already has a slot at that time" in partner_a.get(again.location).get_data(as_text=True)
    assert _slot_count(container, a.center_id) == before + 1


def _csv(container, day, rows: list[str]) -> bytes:
    with container.session_factory() as session:
        code = session.get(Center, day.center_id).code
        scan = session.get(Service, day.service_id).code
    header = "center,service,date,start,end,slot_minutes,capacity\n"
    return (header + "".join(r.format(center=code, scan=scan, day=_tomorrow().isoformat()) + "\n"
                             for r in rows)).encode()


def test_a_csv_dry_run_lists_bad_rows_by_line_and_writes_nothing(partner_a, centers, container):
    a = centers[0]
    data = _csv(container, a, ["{center},{scan},{day},06:00,07:00,30,1", "{center},NOPE,{day},06:00,07:00,30,1"])
    before = _slot_count(container, a.center_id)
    response = post_page_form(partner_a, "/partner/availability/", "import-form", **{"i-mode": "dry_run"},
                              files={"i-file": (io.BytesIO(data), "slots.csv", "text/csv")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Line 3:" in html and "Dry run" in html
    assert _slot_count(container, a.center_id) == before
    imported = post_page_form(partner_a, "/partner/availability/", "import-form", **{"i-mode": "import_good_rows"},
                              files={"i-file": (io.BytesIO(data), "slots.csv", "text/csv")})
    assert imported.status_code == 200 and _slot_count(container, a.center_id) == before + 2


def test_a_csv_for_another_center_is_refused_whole(partner_a, centers, container):
    data = _csv(container, centers[1], ["{center},{scan},{day},06:00,07:00,30,1"])
    before = _slot_count(container, centers[1].center_id)
    response = post_page_form(partner_a, "/partner/availability/", "import-form", **{"i-mode": "import"},
                              files={"i-file": (io.BytesIO(data), "slots.csv", "text/csv")})
    assert response.status_code == 422 and _slot_count(container, centers[1].center_id) == before


def test_blocking_a_day_lists_its_bookings_hands_them_to_support_and_cancels_nothing(partner_a, centers, container):
    a = centers[0]
    day = _tomorrow().isoformat()
    response = post_page_form(partner_a, "/partner/availability/", "block-form",
                              **{"b-action": "block", "b-service_id": "0", "b-from_day": day, "b-to_day": day,
                                 "b-reason": "MRI machine service"})
    html = response.get_data(as_text=True)
    with container.session_factory() as session:
        pending = session.get(Booking, a.pending_id)
        blocked = session.scalars(select(Slot.is_blocked).where(Slot.id.in_([pending.slot_id, a.free_slot_id]))).all()
        ticket = session.scalar(select(Ticket).where(Ticket.booking_id == a.pending_id))
        assert pending.status.value == "pending" and blocked == [True, True]
        assert ticket is not None and ticket.escalated
        assert pending.reference in html and "Nothing was cancelled" in html
    post_page_form(partner_a, "/partner/availability/", "block-form",
                   **{"b-action": "unblock", "b-service_id": "0", "b-from_day": day, "b-to_day": day,
                      "b-reason": "Machine fixed"})
    with container.session_factory() as session:
        assert not session.get(Slot, a.free_slot_id).is_blocked


def test_blocking_needs_a_reason(partner_a, centers, container):
    day = _tomorrow().isoformat()
    response = post_page_form(partner_a, "/partner/availability/", "block-form",
                              **{"b-action": "block", "b-service_id": "0", "b-from_day": day, "b-to_day": day,
                                 "b-reason": ""})
    assert response.status_code == 422 and "Say why" in response.get_data(as_text=True)
    with container.session_factory() as session:
        assert not session.get(Slot, centers[0].free_slot_id).is_blocked


def _menu(client, page: str) -> str:
    return re.search(r'<nav class="panel-nav".*?</nav>', client.get(page).get_data(as_text=True), re.S).group(0)


def test_the_menu_carries_the_awaiting_confirmation_badge_on_every_page(partner_a, centers, container):
    for page in ("/partner/settlements/", "/partner/bookings/", "/partner/profile/"):  # one paid, unconfirmed
        assert re.search(r'Schedule <span class="badge-new menu-badge"[^>]*>1</span>', _menu(partner_a, page)), page
    post_page_form(partner_a, f"/partner/bookings/details/?id={centers[0].pending_id}", "action-confirm")
    assert "menu-badge" not in _menu(partner_a, "/partner/scorecard/")  # confirmed: nothing awaits the center
