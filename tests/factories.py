"""Factories: valid objects with unique names; tests override only what they are about."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from core.clock import now_utc
from core.models import (Center, CenterDocument, CenterService, City, Modality, Role, Service, Slot, User,
                         VerificationStatus)
from core.models.users import PatientProfile

_seq = itertools.count(1)


class Factories:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _save(self, obj):
        self.session.add(obj)
        self.session.flush()
        return obj

    def city(self, name: str | None = None, **kw) -> City:
        n = next(_seq)
        name = name or f"City {n}"
        return self._save(City(name=name, slug=f"{name.lower().replace(' ', '-')}-{n}",
                               state=kw.pop("state", "Maharashtra"), state_code=kw.pop("state_code", "27"), **kw))

    def service(self, **kw) -> Service:
        n = next(_seq)
        defaults = dict(code=f"SVC-{n}", name=f"MRI Knee {n}", modality=Modality.MRI, body_part="Knee",
                        base_price_paise=550000, min_price_paise=400000, max_price_paise=800000,
                        prep_instructions="Remove metal objects.")
        return self._save(Service(**{**defaults, **kw}))

    def center(self, city: City | None = None, **kw) -> Center:
        n = next(_seq)
        city = city or self.city()
        defaults = dict(code=f"LOTUS-{n}", name=f"Lotus Diagnostics {n}", city_id=city.id, area="Kothrud",
                        address=f"{n}, Shanti Plaza, Kothrud", pincode="411038", latitude=18.5074,
                        longitude=73.8077, phone="+912012345678", email=f"desk{n}@lotus.in",
                        verification_status=VerificationStatus.VERIFIED)
        return self._save(Center(**{**defaults, **kw}))

    def center_document(self, center: Center, kind: str = "registration", **kw) -> CenterDocument:
        """A reviewed, current document (what verification needs)."""
        defaults = dict(storage_key=f"center-documents/{center.id}/{kind}-{next(_seq)}.pdf", kind=kind,
                        status=VerificationStatus.VERIFIED, expires_on=date.today() + timedelta(days=365))
        return self._save(CenterDocument(center_id=center.id, **{**defaults, **kw}))

    def offer(self, center: Center, service: Service, price_paise: int = 500000) -> CenterService:
        return self._save(CenterService(center_id=center.id, service_id=service.id, price_paise=price_paise))

    def slot(self, center: Center | None = None, service: Service | None = None, *,
             starts_at: datetime | None = None, capacity: int = 1, price_paise: int = 500000, **kw) -> Slot:
        center = center or self.center()
        service = service or self.service()
        if not any(o.center_id == center.id and o.service_id == service.id
                   for o in self.session.query(CenterService).filter_by(center_id=center.id)):
            self.offer(center, service, price_paise)
        starts_at = starts_at or now_utc() + timedelta(days=1)
        return self._save(Slot(center_id=center.id, service_id=service.id, city_id=center.city_id,
                               starts_at=starts_at, ends_at=starts_at + timedelta(minutes=30),
                               capacity=capacity, claimed=0, **kw))

    def patient(self, **kw) -> User:
        n = next(_seq)
        user = User(name=kw.pop("name", f"Patient {n}"), phone=kw.pop("phone", f"+9190{n:08d}"),
                    role=Role.PATIENT, **kw)
        user.profile = PatientProfile(phone_verified=True)
        return self._save(user)

    def staff(self, role: Role, center: Center | None = None, **kw) -> User:
        n = next(_seq)
        # Everyone signs in with a code sent to their phone, so staff have one too.
        return self._save(User(name=f"{role.value} {n}", email=f"{role.value}{n}@medezy.test", role=role,
                               phone=kw.pop("phone", f"+9191{n:08d}"), center_id=center.id if center else None, **kw))
