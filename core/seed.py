"""Demo data: cities, centers, services, 30 days of slots, staff for every role, and bookings in
every state, created through the real services so history, audit and analytics are all present."""
from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from core import outbox
from core.content.seed_content import seed_content
from core.actors import Actor
from core.booking import service as bookings
from core.clock import IST, ist_datetime, now_utc
from core.models import (Center, CenterService, City, Modality, Role, Service, Slot, Tier, User,
                         VerificationStatus)
from core.models.users import PatientProfile
from core.passwords import hash_password
from core.seed_data import CENTER_NAMES, CITIES, DEMO_PASSWORD, PATIENT_NAMES, SERVICES, STAFF, demo_phone

OPEN, CLOSE = 8, 20  # centers scan from 08:00 to 20:00 India time
STEP_BY_MODALITY = {"MRI": 60, "CT": 30, "PET-CT": 120, "Ultrasound": 30, "X-ray": 20, "Mammography": 30, "DEXA": 30}


def seed(session: Session, *, scale: int = 1, days: int = 30, rng: random.Random | None = None) -> dict[str, int]:
    """Create the demo data set once; a second call changes nothing."""
    if session.scalar(select(func.count()).select_from(City)):
        return {"skipped": 1}
    rng = rng or random.Random(20261124)
    cities = _cities(session)
    services = _services(session)
    centers = _centers(session, cities, scale, rng)
    offers = _offers(session, centers, services, rng)
    slots = _slots(session, offers, services, days, rng)
    _staff(session, centers)
    patients = _patients(session)
    booked = _bookings(session, patients, days, rng)
    seed_content(session, cities=cities, services=services)
    _mark_history_delivered(session)
    return {"cities": len(cities), "services": len(services), "centers": len(centers), "slots": slots,
            "patients": len(patients), "bookings": booked}


def _mark_history_delivered(session: Session) -> None:
    """Seeded bookings are history: their events are kept but nobody is messaged about them."""
    now = now_utc()
    for message in outbox.pop_new(session):
        message.delivered_at = now


def _cities(session: Session) -> list[City]:
    cities = [City(name=n, slug=n.lower(), state=s, state_code=c) for n, s, c, _ in CITIES]
    session.add_all(cities)
    session.flush()
    return cities


def _services(session: Session) -> list[Service]:
    services = [Service(code=code, name=name, modality=Modality(mod), body_part=part, base_price_paise=base * 100,
                        min_price_paise=lo * 100, max_price_paise=hi * 100, duration_minutes=mins,
                        report_turnaround_hours=hours, prep_instructions=prep)
                for code, name, mod, part, base, lo, hi, mins, hours, prep in SERVICES]
    session.add_all(services)
    session.flush()
    return services


def _centers(session: Session, cities: list[City], scale: int, rng: random.Random) -> list[Center]:
    centers = []
    for city, (_, _, _, areas) in zip(cities, CITIES):
        for i in range(5 * scale):
            area, lat, lon, pin = areas[i % len(areas)]
            name = f"{CENTER_NAMES[(i + city.id) % len(CENTER_NAMES)]} {area}" + (f" {i // 10 + 1}" if i >= 10 else "")
            centers.append(Center(
                code=f"{_code_stem(city.name)}-{i + 1:02d}", name=name, city_id=city.id, area=area,
                pincode=pin,
                address=f"{rng.randint(1, 250)}, {rng.choice(['Ground', 'First', 'Second'])} Floor, "
                        f"{rng.choice(['Shanti', 'Sai', 'Gokul', 'Silver Oak', 'Vrindavan'])} Plaza, {area}, {city.name} {pin}",
                latitude=lat + rng.uniform(-0.01, 0.01), longitude=lon + rng.uniform(-0.01, 0.01),
                phone=f"+91{rng.randint(7000000000, 9999999999)}", email=f"desk{city.id}{i}@{name.split()[0].lower()}.in",
                tier=Tier.PRO if i % 3 == 0 else Tier.BASIC,
                verification_status=VerificationStatus.PENDING if i == 4 else VerificationStatus.VERIFIED))
    session.add_all(centers)
    session.flush()
    return centers


def _code_stem(city: str) -> str:
    return "".join(ch for ch in city.upper() if ch.isalnum())[:8]


def _offers(session: Session, centers: list[Center], services: list[Service], rng: random.Random) -> list[CenterService]:
    offers = []
    for center in centers:
        for service in rng.sample(services, k=rng.randint(7, 11)):
            price = rng.randint(service.min_price_paise // 5000, service.max_price_paise // 5000) * 5000
            offers.append(CenterService(center_id=center.id, service_id=service.id, price_paise=price))
    session.add_all(offers)
    session.flush()
    return offers


def _slots(session: Session, offers: list[CenterService], services: list[Service], days: int,
           rng: random.Random) -> int:
    by_id = {s.id: s for s in services}
    city_of = dict(session.execute(select(Center.id, Center.city_id)).all())
    today = now_utc().astimezone(IST).date()
    rows = []
    for offer in offers:
        service = by_id[offer.service_id]
        step = STEP_BY_MODALITY[service.modality.value]
        capacity = 2 if service.modality in (Modality.XRAY, Modality.ULTRASOUND) else 1
        for day_offset in range(-7, days):
            day = today + timedelta(days=day_offset)
            rows.extend(_day_slots(offer, city_of[offer.center_id], day, step, service.duration_minutes, capacity, rng))
        if len(rows) > 20000:
            session.execute(insert(Slot), rows)
            rows.clear()
    if rows:
        session.execute(insert(Slot), rows)
    return session.scalar(select(func.count()).select_from(Slot))


def _day_slots(offer, city_id, day: date, step: int, minutes: int, capacity: int, rng: random.Random):
    start = ist_datetime(day, time(OPEN))
    for k in range((CLOSE - OPEN) * 60 // step):
        begins = start + timedelta(minutes=k * step)
        yield {"center_id": offer.center_id, "service_id": offer.service_id, "city_id": city_id,
               "starts_at": begins, "ends_at": begins + timedelta(minutes=minutes), "capacity": capacity,
               "claimed": 0, "is_blocked": rng.random() < 0.03}


def _staff(session: Session, centers: list[Center]) -> None:
    password = hash_password(DEMO_PASSWORD)
    # Everyone signs in with a code sent to their phone (demo_phone); the password is for deployments
    # that turn staff password sign-in on (never for the super admin).
    users = [User(name=n, email=e, phone=demo_phone(i), role=Role(r), password_hash=password)
             for i, (n, e, r) in enumerate(STAFF)]
    for k, center in enumerate(centers[:3], start=1):
        users.append(User(name=f"Front desk, {center.name}", email=f"partner{center.id}@medezy.in",
                          phone=demo_phone(10 + k), role=Role.PARTNER_STAFF, center_id=center.id,
                          password_hash=password))
    session.add_all(users)
    session.flush()


def _patients(session: Session) -> list[User]:
    patients = []
    for i, name in enumerate(PATIENT_NAMES):
        user = User(name=name, phone=f"+9198{i:08d}", email=f"{name.split()[0].lower()}@example.in", role=Role.PATIENT)
        user.profile = PatientProfile(phone_verified=True, email_verified=i % 2 == 0)
        patients.append(user)
    session.add_all(patients)
    session.flush()
    return patients


# (days from today, final state): past slots end completed/no-show; future ones are live or cancelled.
PLAN = [(-3, "completed"), (-2, "completed"), (-1, "no_show"), (-2, "cancelled"), (1, "confirmed"),
        (2, "confirmed"), (2, "pending"), (3, "held"), (4, "cancelled"), (5, "expired")]


def _bookings(session: Session, patients: list[User], days: int, rng: random.Random) -> int:
    staff = session.scalar(select(User).where(User.role == Role.PARTNER_STAFF))
    count = 0
    for i, patient in enumerate(patients):
        days_ahead, final = PLAN[i % len(PLAN)]
        days_ahead = min(days_ahead, days - 1)
        slot = _free_slot(session, staff.center_id if i % 4 == 0 else None, days_ahead, rng)
        _walk(session, patient, slot, final, Actor.of(staff) if slot.center_id == staff.center_id else None)
        count += 1
    return count


def _free_slot(session: Session, center_id: int | None, days_ahead: int, rng: random.Random) -> Slot:
    """A free daytime slot on the day, at `center_id` or at a center picked at random."""
    day = now_utc().astimezone(IST).date() + timedelta(days=days_ahead)
    if center_id is None:
        verified = session.scalars(select(Center.id).where(
            Center.verification_status == VerificationStatus.VERIFIED).order_by(Center.id)).all()
        center_id = rng.choice(verified)
    candidates = list(session.scalars(
        select(Slot).where(Slot.center_id == center_id, Slot.starts_at >= ist_datetime(day, time(10)),
                           Slot.starts_at < ist_datetime(day, time(18)), Slot.claimed == 0,
                           Slot.is_blocked.is_(False)).order_by(Slot.id).limit(50)))
    return rng.choice(candidates)


def _walk(session: Session, patient: User, slot: Slot, final: str, partner: Actor | None) -> None:
    """Drive one booking through the real lifecycle to `final`, with clock times that make sense."""
    actor = Actor.of(patient)
    partner = partner or Actor(Role.OPS_MANAGER)
    booked_at = min(now_utc(), slot.starts_at - timedelta(days=2))
    patient_details = bookings.PatientDetails(name=patient.name, age=30 + patient.id % 40)
    booking = bookings.hold(session, actor=actor, user_id=patient.id, slot_id=slot.id,
                            patient=patient_details, now=booked_at)
    if final == "held":
        booking.hold_expires_at = now_utc() + timedelta(minutes=10)
        return
    if final == "expired":
        bookings.expire_hold(session, booking_id=booking.id, now=booked_at + timedelta(minutes=11))
        return
    bookings.mark_paid(session, booking_id=booking.id, now=booked_at + timedelta(minutes=3))
    if final == "pending":
        return
    if final == "cancelled":
        bookings.cancel(session, actor=actor, booking_id=booking.id, reason="plans changed",
                        now=booked_at + timedelta(hours=1))
        return
    bookings.confirm(session, actor=partner, booking_id=booking.id, now=booked_at + timedelta(minutes=40))
    after = slot.starts_at + timedelta(hours=1)
    if final == "completed":
        bookings.complete(session, actor=partner, booking_id=booking.id, now=after)
    elif final == "no_show":
        bookings.mark_no_show(session, actor=partner, booking_id=booking.id, now=after)
