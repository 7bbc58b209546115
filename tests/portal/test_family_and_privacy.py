"""Family members stay with their patient; a patient gets a full copy of their data and can be erased,
keeping only what the law needs (invoices) and the audit record."""
from __future__ import annotations

from datetime import date

import pytest

from core.actors import Actor
from core.clock import now_utc
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models import AuditEntry, Booking, BookingStatus, Conversation, Document, Message
from core.models.conversations import Author, Direction
from core.models.documents import DocumentKind
from core.models.users import Role
from core.portal import family, privacy
from core.storage import LocalStorage

TODAY = date(2026, 12, 1)


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "files", secret="s", base_url="http://test")


def _booking(session, factories, patient, status=BookingStatus.COMPLETED):
    slot = factories.slot()
    booking = Booking(reference=f"MZP{slot.id:06d}"[:12], user_id=patient.id, slot_id=slot.id,
                      center_id=slot.center_id, service_id=slot.service_id, status=status, price_paise=500000,
                      patient_name=patient.name)
    session.add(booking)
    session.flush()
    return booking


def test_a_patient_adds_and_sees_only_their_own_family(session, factories):
    asha, ravi = Actor.of(factories.patient()), Actor.of(factories.patient())
    mother = family.create(session, actor=asha, name="Kamala Rao", relation="Mother", date_of_birth=date(1960, 5, 1),
                           today=TODAY)
    assert [m.name for m in family.get_all(session, actor=asha)] == ["Kamala Rao"]
    assert family.get_all(session, actor=ravi) == []
    with pytest.raises(NotFound):
        family.get_or_raise(session, actor=ravi, member_id=mother.id)


@pytest.mark.parametrize("name, relation, born", [("", "mother", None), ("Kamala", "neighbour", None),
                                                  ("Kamala", "mother", date(2030, 1, 1)), ("12", "son", None)])
def test_bad_family_members_are_refused(session, factories, name, relation, born):
    with pytest.raises(ValidationError):
        family.create(session, actor=Actor.of(factories.patient()), name=name, relation=relation,
                      date_of_birth=born, today=TODAY)


def test_the_export_holds_the_profile_bookings_and_messages(session, factories):
    patient = factories.patient(name="Asha Rao")
    booking = _booking(session, factories, patient)
    conversation = Conversation(phone=patient.phone, user_id=patient.id)
    session.add(conversation)
    session.flush()
    session.add(Message(conversation_id=conversation.id, direction=Direction.IN, author=Author.PATIENT,
                        body="MRI knee in Pune"))
    session.flush()
    data = privacy.export(session, actor=Actor.of(patient))
    assert data["profile"]["name"] == "Asha Rao" and data["profile"]["phone"] == patient.phone
    assert data["bookings"][0]["reference"] == booking.reference and data["bookings"][0]["status"] == "Completed"
    assert [m["body"] for m in data["messages"]] == ["MRI knee in Pune"]


def test_erasure_is_refused_while_a_booking_is_upcoming(session, factories, storage):
    patient = factories.patient()
    _booking(session, factories, patient, status=BookingStatus.CONFIRMED)
    with pytest.raises(IllegalTransition, match="upcoming"):
        privacy.erase(session, storage, actor=Actor.of(patient), now=now_utc())


def test_erasure_removes_identity_messages_and_files_and_is_audited(session, factories, storage):
    patient = factories.patient(name="Asha Rao")
    booking = _booking(session, factories, patient)
    phone = patient.phone
    conversation = Conversation(phone=phone, user_id=patient.id, profile_name="Asha")
    session.add(conversation)
    session.flush()
    session.add(Message(conversation_id=conversation.id, direction=Direction.IN, author=Author.PATIENT,
                        body="my address is 12 MG Road"))
    storage.put("prescriptions/u/rx.pdf", b"%PDF-1.4", "application/pdf")
    session.add(Document(user_id=patient.id, kind=DocumentKind.PRESCRIPTION, storage_key="prescriptions/u/rx.pdf",
                         content_type="application/pdf", size_bytes=8, sha256="0" * 64,
                         uploaded_by_role=Role.PATIENT))
    session.flush()
    privacy.erase(session, storage, actor=Actor.of(patient), now=now_utc())
    session.commit()
    session.refresh(patient)
    session.refresh(booking)
    assert (patient.name, patient.phone, patient.is_active) == ("Erased patient", None, False)
    assert booking.patient_name == "[erased]"
    assert session.query(Message).filter_by(conversation_id=conversation.id).one().body == "[erased]"
    assert session.get(Conversation, conversation.id).phone != phone
    assert not storage.exists("prescriptions/u/rx.pdf")
    assert session.query(AuditEntry).filter_by(action="user.erased", entity_id=str(patient.id)).count() == 1
