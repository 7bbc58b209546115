"""Goodwill credits: a per-patient ledger; issued by support with a reason and limit, spent at checkout."""
import pytest
from sqlalchemy import select

from core.actors import Actor
from core.actors import SYSTEM
from core.booking import service as bookings
from core.errors import Forbidden, ValidationError
from core.models import AuditEntry, CreditEntry, CreditKind, Role
from core.payments import credits
from tests.payments.conftest import FINANCE


def test_support_issues_credit_with_a_reason_and_it_is_audited(session, pay, factories):
    patient = factories.patient()
    credits.issue(session, actor=pay.staff(), user_id=patient.id, amount_paise=50000, reason="report was late", finance=FINANCE)
    session.commit()
    assert credits.balance(session, user_id=patient.id) == 50000
    assert session.scalar(select(AuditEntry.reason).where(AuditEntry.action == "credit.issued")) == "report was late"


@pytest.mark.parametrize("amount,reason,message", [(100001, "too much", "at most"), (0, "zero", "more than zero"),
                                                   (500, "  ", "reason")])
def test_credit_outside_the_limit_or_without_a_reason_is_refused(session, pay, factories, amount, reason, message):
    patient = factories.patient()
    with pytest.raises(ValidationError, match=message):
        credits.issue(session, actor=pay.staff(), user_id=patient.id, amount_paise=amount, reason=reason, finance=FINANCE)
    assert credits.balance(session, user_id=patient.id) == 0


def test_patients_cannot_grant_themselves_credit(session, factories):
    patient = factories.patient()
    with pytest.raises(Forbidden):
        credits.issue(session, actor=Actor.of(patient), user_id=patient.id, amount_paise=100, reason="please", finance=FINANCE)


def test_credit_is_spent_once_when_the_payment_is_captured(session, pay, factories):
    patient = factories.patient()
    credits.issue(session, actor=pay.staff(), user_id=patient.id, amount_paise=30000, reason="sorry", finance=FINANCE)
    payment = pay.paid(patient=patient)
    for event_id, body in pay.events(payment):
        pay.send(body, event_id + "x")  # the same facts under new event ids
    entries = session.scalars(select(CreditEntry.kind).where(CreditEntry.user_id == patient.id)).all()
    assert entries == [CreditKind.ISSUED, CreditKind.SPENT] and credits.balance(session, user_id=patient.id) == 0


def test_a_full_refund_gives_the_credit_back(session, pay, factories):
    patient = factories.patient()
    credits.issue(session, actor=pay.staff(), user_id=patient.id, amount_paise=30000, reason="sorry", finance=FINANCE)
    payment = pay.paid(patient=patient)
    bookings.cancel(session, actor=SYSTEM, booking_id=payment.booking_id, reason="center closed")
    pay.deliver()
    assert credits.balance(session, user_id=patient.id) == 30000


def test_credit_cannot_be_given_to_staff(session, pay):
    staff = pay.f.staff(Role.FINANCE)
    with pytest.raises(Exception, match="does not exist"):
        credits.issue(session, actor=pay.staff(), user_id=staff.id, amount_paise=100, reason="oops", finance=FINANCE)
