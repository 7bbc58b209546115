"""Managing the catalogue: services created, edited, deactivated (never deleted once used), audited;
center prices stay inside the (city-adjusted) template."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core import centers, service_catalogue as catalogue
from core.actors import Actor
from core.booking.search import SearchQuery, find_slots
from core.errors import Conflict, Forbidden, ValidationError
from core.models import AuditEntry, Modality, Role, Service

OPS = Actor(Role.OPS_MANAGER, None)
NEW = dict(name="CT Brain Plain", modality="CT", body_part="Brain", duration_minutes=20,
           min_price_paise=200000, base_price_paise=300000, max_price_paise=500000, needs_contrast=False,
           needs_fasting=False, prep_instructions="No preparation needed.",
           prep_instructions_hi="किसी तैयारी की ज़रूरत नहीं।")


def audit_actions(session, service_id) -> list[str]:
    session.flush()
    session.commit()
    return list(session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity_type == "service", AuditEntry.entity_id == str(service_id)).order_by(AuditEntry.id)))


def test_a_service_is_created_with_its_template_and_both_prep_texts(session):
    service = catalogue.create(session, actor=OPS, code="ct-brain-x", **NEW)
    assert (service.code, service.modality) == ("CT-BRAIN-X", Modality.CT)
    assert service.prep_instructions_hi == NEW["prep_instructions_hi"]
    assert audit_actions(session, service.id) == ["service.created"]


def test_a_duplicate_code_is_a_conflict(session, factories):
    existing = factories.service()
    with pytest.raises(Conflict, match="already exists"):
        catalogue.create(session, actor=OPS, code=existing.code, **NEW)


@pytest.mark.parametrize("change, message", [
    ({"min_price_paise": 600000}, "minimum <= base <= maximum"),
    ({"modality": "Sonar"}, "Modality must be one of"),
    ({"duration_minutes": 0}, "duration minutes must be a whole number"),
    ({"needs_fasting": "yes"}, "needs_fasting must be true or false"),
    ({"name": " "}, "name is required"),
    ({"code": "NEW"}, "read-only"),
])
def test_bad_edits_are_refused_and_change_nothing(session, factories, change, message):
    service = factories.service()
    before = catalogue._snapshot(service)
    with pytest.raises(ValidationError, match=message):
        catalogue.update(session, actor=OPS, service_id=service.id, **change)
    assert catalogue._snapshot(service) == before


def test_an_edit_is_audited_with_before_and_after(session, factories):
    service = factories.service()
    catalogue.update(session, actor=OPS, service_id=service.id, needs_contrast=True, base_price_paise=600000)
    session.commit()
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "service.updated",
                                                     AuditEntry.entity_id == str(service.id))).one()
    assert (entry.before["needs_contrast"], entry.after["needs_contrast"]) == (False, True)
    assert entry.after["base_price_paise"] == 600000


def test_a_template_that_would_strand_a_center_price_is_refused(session, factories):
    service, center = factories.service(), factories.center(name="Lotus Aundh")
    factories.offer(center, service, 700000)
    with pytest.raises(ValidationError, match="Lotus Aundh"):
        catalogue.update(session, actor=OPS, service_id=service.id, max_price_paise=650000)


def test_a_city_adjustment_moves_the_bounds_of_center_prices(session, factories):
    service, center = factories.service(), factories.center()  # template 4,000-8,000
    catalogue.set_city_adjustment(session, actor=OPS, service_id=service.id, city_id=center.city_id,
                                  adjustment_bps=1500)
    assert catalogue.price_bounds(session, service=service, city_id=center.city_id) == (460000, 920000)
    assert centers.set_price(session, actor=OPS, center_id=center.id, service_id=service.id,
                             price_paise=900000).price_paise == 900000
    with pytest.raises(ValidationError, match="would fall outside"):
        catalogue.set_city_adjustment(session, actor=OPS, service_id=service.id, city_id=center.city_id,
                                      adjustment_bps=None)


def test_a_deactivated_service_leaves_search_and_comes_back(session, factories):
    slot = factories.slot()
    query = SearchQuery(service_id=slot.service_id, city_id=slot.city_id)
    catalogue.deactivate(session, actor=OPS, service_id=slot.service_id, reason="machine retired")
    assert find_slots(session, query) == []
    catalogue.reactivate(session, actor=OPS, service_id=slot.service_id, reason="new machine")
    assert [o.slot_id for o in find_slots(session, query)] == [slot.id]


def test_a_service_in_use_is_never_deleted(session, factories):
    slot = factories.slot()
    with pytest.raises(Conflict, match="deactivate it instead"):
        catalogue.delete(session, actor=OPS, service_id=slot.service_id)
    assert session.get(Service, slot.service_id) is not None


def test_an_unused_service_can_be_deleted(session, factories):
    service = factories.service()
    catalogue.delete(session, actor=OPS, service_id=service.id)
    assert session.get(Service, service.id) is None


@pytest.mark.parametrize("role", [Role.SUPPORT_AGENT, Role.PARTNER_STAFF, Role.FINANCE, Role.MARKETING])
def test_only_catalogue_editors_change_services(session, factories, role):
    with pytest.raises(Forbidden, match="catalogue.edit"):
        catalogue.update(session, actor=Actor(role, None, 1), service_id=factories.service().id, name="X")


def test_a_deactivated_service_cannot_be_held_from_an_old_search_result(session, factories):
    from core.booking import service as bookings
    from core.errors import SlotUnavailable
    slot, patient = factories.slot(), factories.patient()
    catalogue.deactivate(session, actor=OPS, service_id=slot.service_id, reason="machine retired")
    with pytest.raises(SlotUnavailable, match="no longer offered"):
        bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                      patient=bookings.PatientDetails(name="Asha Rao"))
