"""Console fixtures: the Flask app on the test database, and signed-in clients per role."""
import re

import pytest

from core.models import Role
from core.passwords import hash_password
from tests.factories import Factories

PASSWORD = "correct horse battery"


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
                               password_hash=hash_password(PASSWORD))
                 for role in Role if role not in (Role.PATIENT, Role.SYSTEM)}
        session.commit()
        phones = [b.user.phone for b in booked]
        return {"centers": centers, "bookings": booked, "staff": staff, "phones": phones}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def login(app):
    def sign_in(user, password=PASSWORD):
        client = app.test_client()
        token = _csrf(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data={"email": user.email, "password": password, "csrf_token": token})
        return client, response
    return sign_in
