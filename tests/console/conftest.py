"""Console fixtures: centers, bookings and staff of every role (sign-in: `login` in tests/conftest.py)."""
import pytest

from core.models import Role
from tests.factories import Factories


@pytest.fixture
def world(container):
    """Two centers with one booking each, and staff of every role; all committed."""
    from core.actors import Actor
    from core.booking import service as bookings
    with container.session_factory() as session:
        f = Factories(session)
        centers = [f.center(), f.center()]
        service = f.service()
        booked = []
        for center in centers:
            slot = f.slot(center, service)
            patient = f.patient()
            booked.append(bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                                        patient=bookings.PatientDetails(name=f"Patient of {center.name}")))
        staff = {role: f.staff(role, center=centers[0] if role is Role.PARTNER_STAFF else None,
                               is_center_admin=role is Role.PARTNER_STAFF)  # the walk reaches every partner page
                 for role in Role if role not in (Role.PATIENT, Role.SYSTEM)}
        session.commit()
        phones = [b.user.phone for b in booked]
        return {"centers": centers, "bookings": booked, "staff": staff, "phones": phones}



@pytest.fixture
def patient_user(container, world):
    """The patient of world's first booking (`login` signs them in with a code, like anyone)."""
    from core.models import User
    with container.session_factory() as session:
        return session.get(User, world["bookings"][0].user_id)


@pytest.fixture
def paid(container):
    """`paid(booking)`: mark a held booking paid (held -> pending, awaiting the center); returns its id."""
    from core.booking import service as bookings

    def pay(booking) -> int:
        with container.uow() as uow:
            bookings.mark_paid(uow.session, booking_id=booking.id)
            uow.commit()
        return booking.id
    return pay


from tests.support.conftest import chat  # noqa: E402,F401 - a patient who wrote on WhatsApp
