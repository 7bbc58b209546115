"""Center onboarding: profile checks, offers inside templates, documents (type from bytes, expiry),
the verification workflow, expiring documents flagged ahead, partner users invited by phone."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core import center_documents as docs, center_onboarding as onboarding, centers
from core.actors import Actor
from core.booking.search import SearchQuery, find_slots
from core.clock import IST, now_utc
from core.errors import Conflict, Forbidden, IllegalTransition, ValidationError
from core.models import AuditEntry, Modality, Role, VerificationStatus
from core.storage import LocalStorage

OPS = Actor(Role.OPS_MANAGER, None)
PDF = b"%PDF-1.7 registration certificate"
HOURS = {"mon": ["08:00", "20:00"], "sun": None}
PROFILE = dict(name="Sai Imaging Baner", area="Baner", address="12, Baner Road, Pune", pincode="411045",
               latitude=18.559, longitude=73.7868, phone="020 1234 5678", email="Desk@SaiImaging.in",
               working_hours=HOURS, machines=[{"modality": "MRI", "name": "GE Signa 1.5T"}])


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path, secret="s", base_url="http://test")


def new_center(session, factories, **kw):
    city = kw.pop("city", None) or factories.city()
    return onboarding.create(session, actor=OPS, code=kw.pop("code", f"SAI-{city.id}"), city_id=city.id,
                             **{**PROFILE, **kw})


def test_a_new_center_is_pending_with_its_profile_and_offers(session, factories):
    service = factories.service()
    center = new_center(session, factories, offers={service.id: 500000})
    assert (center.verification_status, center.phone, center.email) == (
        VerificationStatus.PENDING, "+912012345678", "desk@saiimaging.in")
    assert center.working_hours["mon"] == ["08:00", "20:00"] and center.working_hours["tue"] is None
    assert [o.price_paise for o in session.scalars(select(centers.CenterService).where(
        centers.CenterService.center_id == center.id))] == [500000]


def test_an_offer_outside_the_template_refuses_the_whole_center(session, factories):
    service = factories.service()
    with pytest.raises(ValidationError, match="between"):
        new_center(session, factories, offers={service.id: 100})


@pytest.mark.parametrize("change, message", [
    ({"pincode": "41104"}, "6 digits"), ({"latitude": 51.5}, "place in India"),
    ({"working_hours": {"mon": ["20:00", "08:00"]}}, "closes"), ({"working_hours": {"funday": None}}, "per day"),
    ({"machines": [{"modality": "Sonar", "name": "x"}]}, "modality must be one of"),
    ({"email": "nope"}, "not an email"), ({"phone": "12"}, "not a phone number"),
])
def test_bad_profile_fields_are_refused(session, factories, change, message):
    with pytest.raises(ValidationError, match=message):
        new_center(session, factories, **change)


def test_a_duplicate_center_code_is_a_conflict(session, factories):
    existing = factories.center()
    with pytest.raises(Conflict, match="already exists"):
        new_center(session, factories, code=existing.code)


def test_a_partner_edits_only_its_own_contact_hours_and_machines(session, factories):
    center = factories.center()
    partner = Actor(Role.PARTNER_STAFF, None, center.id)
    onboarding.update(session, actor=partner, center_id=center.id, working_hours=HOURS)
    with pytest.raises(ValidationError, match="Ask MedEzy"):
        onboarding.update(session, actor=partner, center_id=center.id, name="Renamed")
    with pytest.raises(Forbidden):
        onboarding.update(session, actor=partner, center_id=factories.center().id, working_hours=HOURS)


def test_documents_are_typed_from_their_bytes_and_must_not_be_expired(session, factories, storage):
    center = factories.center()
    with pytest.raises(ValidationError, match="content is PNG"):
        docs.upload(session, storage, actor=OPS, center_id=center.id, kind="registration",
                    data=b"\x89PNG\r\n\x1a\nrest", content_type="application/pdf", expires_on=date(2031, 1, 1))
    with pytest.raises(ValidationError, match="still be valid"):
        docs.upload(session, storage, actor=OPS, center_id=center.id, kind="registration", data=PDF,
                    content_type="application/pdf", expires_on=date.today() - timedelta(days=1))
    document = docs.upload(session, storage, actor=OPS, center_id=center.id, kind="registration", data=PDF,
                           content_type="application/pdf", expires_on=date(2031, 1, 1))
    assert storage.get(document.storage_key) == PDF and document.status is VerificationStatus.PENDING


def test_ultrasound_needs_pcpndt_and_ct_needs_aerb(session, factories):
    center = factories.center(machines=[{"modality": "CT", "name": "Siemens"}])
    factories.offer(center, factories.service(modality=Modality.ULTRASOUND))
    assert docs.required_kinds(session, center=center) == ["registration", "pcpndt", "aerb"]


def test_verification_needs_every_required_document_verified_and_current(session, factories, storage):
    center = factories.center(verification_status=VerificationStatus.PENDING,
                              machines=[{"modality": "Ultrasound", "name": "Voluson"}])
    with pytest.raises(ValidationError, match="registration has not been uploaded; the PCPNDT"):
        centers.set_verification(session, actor=OPS, center_id=center.id, status="verified", reason="docs")
    factories.center_document(center, "registration")
    pcpndt = docs.upload(session, storage, actor=OPS, center_id=center.id, kind="pcpndt", data=PDF,
                         content_type="application/pdf", expires_on=date(2030, 6, 1))
    with pytest.raises(ValidationError, match="PCPNDT certificate is pending"):
        centers.set_verification(session, actor=OPS, center_id=center.id, status="verified", reason="docs")
    docs.review(session, actor=OPS, document_id=pcpndt.id, approve=True)
    centers.set_verification(session, actor=OPS, center_id=center.id, status="verified", reason="all checked")
    assert center.verification_status is VerificationStatus.VERIFIED
    with pytest.raises(IllegalTransition):
        docs.review(session, actor=OPS, document_id=pcpndt.id, approve=False, reason="again")


def test_a_rejected_center_keeps_the_reason_and_a_new_document_resubmits_it(session, factories, storage):
    center = factories.center(verification_status=VerificationStatus.PENDING)
    centers.set_verification(session, actor=OPS, center_id=center.id, status="rejected",
                             reason="Registration certificate is illegible")
    assert (center.verification_status, center.rejection_reason) == (
        VerificationStatus.REJECTED, "Registration certificate is illegible")
    docs.upload(session, storage, actor=Actor(Role.PARTNER_STAFF, None, center.id), center_id=center.id,
                kind="registration", data=PDF, content_type="application/pdf", expires_on=date(2031, 1, 1))
    assert center.verification_status is VerificationStatus.PENDING


def test_only_verified_centers_appear_in_search(session, factories):
    slot = factories.slot(factories.center(verification_status=VerificationStatus.PENDING))
    assert find_slots(session, SearchQuery(service_id=slot.service_id, city_id=slot.city_id)) == []


def test_documents_expiring_soon_are_listed_ahead_of_time_soonest_first(session, factories):
    center = factories.center(name="Lotus Expiring")
    today = now_utc().astimezone(IST).date()
    factories.center_document(center, "aerb", expires_on=today + timedelta(days=20))
    factories.center_document(center, "registration", expires_on=today + timedelta(days=5))
    factories.center_document(center, "nabh", expires_on=today + timedelta(days=200))
    factories.center_document(center, "pcpndt", expires_on=today + timedelta(days=3))
    factories.center_document(center, "pcpndt", expires_on=today + timedelta(days=400))  # renewed: not flagged
    found = [(e.kind, e.days_left) for e in docs.expiring(session, within_days=30) if e.center_id == center.id]
    assert found == [("registration", 5), ("aerb", 20)]


def test_partner_users_are_invited_by_phone_once(session, factories):
    center = factories.center()
    user = onboarding.invite_partner(session, actor=OPS, center_id=center.id, name="Front Desk", phone="98765 43210")
    assert (user.role, user.center_id, user.phone, user.password_hash) == (
        Role.PARTNER_STAFF, center.id, "+919876543210", None)
    with pytest.raises(Conflict, match="already belongs"):
        onboarding.invite_partner(session, actor=OPS, center_id=center.id, name="Again", phone="+919876543210")
    with pytest.raises(Forbidden):
        onboarding.invite_partner(session, actor=Actor(Role.PARTNER_STAFF, None, center.id),
                                  center_id=factories.center().id, name="X", phone="9876500000")


def test_onboarding_steps_are_audited(session, factories):
    center = new_center(session, factories)
    onboarding.update(session, actor=OPS, center_id=center.id, phone="+912099999999")
    session.commit()
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "center",
                                                              AuditEntry.entity_id == str(center.id))).all()
    assert actions == ["center.created", "center.updated"]
