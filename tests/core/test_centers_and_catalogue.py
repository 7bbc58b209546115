"""Center administration and the catalogue: prices inside templates, audited changes, rupees."""
import pytest
from sqlalchemy import select

from core import catalogue, centers
from core.actors import Actor
from core.errors import Forbidden, ValidationError
from core.models import AuditEntry, Role, VerificationStatus
from core.models.analytics import AnalyticsEvent

OPS = Actor(Role.OPS_MANAGER, 1)


def test_price_outside_the_template_is_rejected_and_nothing_changes(session, factories):
    center, service = factories.center(), factories.service()
    with pytest.raises(ValidationError, match="between ₹4,000 and ₹8,000"):
        centers.set_price(session, actor=OPS, center_id=center.id, service_id=service.id, price_paise=900000)
    assert catalogue.price_range(session, service_id=service.id, city_id=center.city_id) is None


def test_price_change_is_audited(session, factories):
    center, service = factories.center(), factories.service()
    ops = Actor.of(factories.staff(Role.OPS_MANAGER))
    offer = centers.set_price(session, actor=ops, center_id=center.id, service_id=service.id, price_paise=450000)
    centers.set_price(session, actor=ops, center_id=center.id, service_id=service.id, price_paise=500000)
    session.commit()
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "center_service",
                                                       AuditEntry.entity_id == str(offer.id))).all()
    assert [(e.before, e.after) for e in entries] == [
        ({"price_paise": None}, {"price_paise": 450000}), ({"price_paise": 450000}, {"price_paise": 500000})]


def test_partner_cannot_price_another_center(session, factories):
    mine, theirs, service = factories.center(), factories.center(), factories.service()
    partner = Actor.of(factories.staff(Role.PARTNER_STAFF, center=mine))
    with pytest.raises(Forbidden):
        centers.set_price(session, actor=partner, center_id=theirs.id, service_id=service.id, price_paise=500000)


def test_unverified_center_is_left_out_of_price_ranges(session, factories):
    service = factories.service()
    verified = factories.center()
    pending = factories.center(city=verified.city, verification_status=VerificationStatus.PENDING)
    factories.offer(verified, service, 450000)
    factories.offer(pending, service, 420000)
    prices = catalogue.price_range(session, service_id=service.id, city_id=verified.city_id)
    assert (prices.lowest_paise, prices.highest_paise, prices.centers) == (450000, 450000, 1)
    factories.center_document(pending, "registration")
    centers.set_verification(session, actor=OPS, center_id=pending.id, status=VerificationStatus.VERIFIED,
                             reason="AERB licence and GST certificate checked")
    assert catalogue.price_range(session, service_id=service.id, city_id=verified.city_id).lowest_paise == 420000


def test_viewing_a_service_records_service_viewed(session, factories):
    service, patient = factories.service(), factories.patient()
    catalogue.view_service(session, service_id=service.id, user_id=patient.id)
    assert session.scalar(select(AnalyticsEvent.name).where(AnalyticsEvent.user_id == patient.id)) == "service_viewed"


@pytest.mark.parametrize("paise, text", [(0, "₹0"), (99, "₹0.99"), (550000, "₹5,500"), (12345678, "₹1,23,456.78"),
                                         (1000000000, "₹1,00,00,000")])
def test_rupees_use_indian_digit_grouping(paise, text):
    assert catalogue.rupees(paise) == text


def test_find_service_by_words(any_session, any_factories):
    service = any_factories.service(name="MRI Knee Left", body_part="Knee")
    assert catalogue.find_service(any_session, "mri knee left").id == service.id


def test_tier_change_is_audited_and_finance_may_do_it(session, factories):
    from core.models import Tier
    center = factories.center()
    finance = Actor.of(factories.staff(Role.FINANCE))
    centers.set_tier(session, actor=finance, center_id=center.id, tier=Tier.PRO)
    session.commit()
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "center.tier",
                                                     AuditEntry.entity_id == str(center.id))).one()
    assert center.tier is Tier.PRO and (entry.before, entry.after) == ({"tier": "basic"}, {"tier": "pro"})


def test_support_cannot_change_a_tier(session, factories):
    from core.models import Tier
    with pytest.raises(Forbidden):
        centers.set_tier(session, actor=Actor(Role.SUPPORT_AGENT, 1), center_id=factories.center().id, tier=Tier.PRO)
