"""`service_viewed` (the funnel's first step) is recorded wherever a patient looks at a scan: a price answer,
a narrowed list of scans, choosing a scan from a list."""
from __future__ import annotations

from sqlalchemy import select

from bot.actions.discovery import ShowPrices
from bot.actions.forms import AskService
from bot.actions.menu import SelectOption
from core.models import AnalyticsEvent


def _viewed(read, user_id: int) -> list[dict]:
    with read() as session:
        return [e.properties for e in session.scalars(select(AnalyticsEvent).where(
            AnalyticsEvent.user_id == user_id, AnalyticsEvent.name == "service_viewed").order_by(AnalyticsEvent.id))]


def test_a_price_answer_records_each_scan_priced_with_its_city(chat, committed, read):
    city = committed.city()
    service = committed.service(code=f"MRI-VIEW-{city.id}")
    committed.slot(committed.center(city), service)
    chat.run(ShowPrices(), "price?", intent="ask_price",
             slots={"service": service.name, "service_code": service.code, "city": city.name})
    assert _viewed(read, chat.user.id) == [{"service_id": service.id, "channel": "whatsapp", "city_id": city.id}]


def test_a_narrowed_list_records_every_scan_listed(chat, committed, read):
    knee, brain = committed.service(code="VIEW-KNEE"), committed.service(code="VIEW-BRAIN")
    chat.run(AskService(), "mri", slots={"menu_context": "services", "menu_items": [knee.code, brain.code]})
    assert [v["service_id"] for v in _viewed(read, chat.user.id)] == [knee.id, brain.id]


def test_choosing_a_scan_from_the_list_records_it(chat, committed, read):
    service = committed.service(code="VIEW-PICK")
    reply = chat.run(SelectOption(), "1", slots={"menu_context": "services", "menu_items": [service.code]})
    assert reply.slots["service_code"] == service.code
    assert [v["service_id"] for v in _viewed(read, chat.user.id)] == [service.id]
