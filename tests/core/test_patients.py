"""Patients: registration by WhatsApp number, phone normalisation, emergency contacts."""
import pytest

from core import patients
from core.actors import Actor
from core.errors import Forbidden, ValidationError
from core.models.analytics import AnalyticsEvent


@pytest.mark.parametrize("raw, phone", [("whatsapp:+919876543210", "+919876543210"), ("98765 43210", "+919876543210"),
                                        ("098765-43210", "+919876543210"), ("+44 7700 900123", "+447700900123")])
def test_phone_numbers_are_normalised_to_e164(raw, phone):
    assert patients.normalise_phone(raw) == phone


def test_a_number_we_cannot_reach_is_refused():
    with pytest.raises(ValidationError):
        patients.normalise_phone("12345")


def test_first_contact_registers_a_verified_patient_once(any_session):
    user, created = patients.get_or_register(any_session, phone="whatsapp:+919812300001", name="Asha Rao")
    again, created_again = patients.get_or_register(any_session, phone="+91 98123 00001")
    assert (created, created_again, again.id) == (True, False, user.id)
    assert user.profile.phone_verified
    assert any_session.query(AnalyticsEvent).filter_by(user_id=user.id, name="user_signed_up").count() == 1


def test_emergency_contacts_are_kept_at_three(any_session, any_factories):
    patient = any_factories.patient()
    me = Actor.of(patient)
    for i in range(3):
        patients.add_emergency_contact(any_session, actor=me, user_id=patient.id, name=f"Contact {i}",
                                       phone=f"98765000{i:02d}", relation="sibling")
    with pytest.raises(ValidationError, match="at most three"):
        patients.add_emergency_contact(any_session, actor=me, user_id=patient.id, name="Fourth",
                                       phone="9876500099", relation="friend")
    assert [c.phone for c in patient.profile.emergency_contacts][0] == "+919876500000"


def test_a_patient_cannot_edit_someone_elses_contacts(session, factories):
    owner, other = factories.patient(), factories.patient()
    with pytest.raises(Forbidden):
        patients.add_emergency_contact(session, actor=Actor.of(other), user_id=owner.id, name="Ravi Kumar",
                                       phone="9876500001", relation="father")
