"""A center's licences and accreditations: uploaded with an expiry date, reviewed one by one, required
by what the center scans on, and flagged ahead of expiry.

Which documents a center needs follows Indian law: every center its clinical establishment registration;
ultrasound a PCPNDT certificate; anything that uses X-rays (CT, X-ray, PET-CT, mammography, DEXA) an AERB
licence. NABH/NABL accreditations are optional, but once uploaded they are reviewed and watched the same way.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, centers, documents
from core.actors import Actor
from core.clock import IST, now_utc
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models.centers import Center, CenterDocument, CenterService, VerificationStatus
from core.models.services import Modality, Service
from core.models.users import Role
from core.storage import FileStorage

KINDS = {"registration": "clinical establishment registration", "pcpndt": "PCPNDT certificate",
         "aerb": "AERB licence", "nabh": "NABH accreditation", "nabl": "NABL accreditation"}
X_RAY_BASED = {Modality.CT, Modality.XRAY, Modality.PET_CT, Modality.MAMMOGRAPHY, Modality.DEXA}
EXTENSION = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


@dataclass(frozen=True)
class Expiring:
    center_id: int
    center: str
    kind: str
    expires_on: date
    days_left: int  # negative once expired


def upload(session: Session, storage: FileStorage, *, actor: Actor, center_id: int, kind: str, data: bytes,
           content_type: str, expires_on: date, now: datetime | None = None) -> CenterDocument:
    """Store a document (type judged from its bytes) for review; a rejected center is resubmitted by it."""
    center = _editable_center(session, actor, center_id)
    today = _today(now)
    kind = _kind(kind)
    if not isinstance(expires_on, date) or expires_on <= today:
        raise ValidationError(f"The {KINDS[kind]} must still be valid: give an expiry date after {today}.")
    content_type = documents.validate(data, content_type)
    digest = hashlib.sha256(data).hexdigest()
    key = f"center-documents/{center.id}/{kind}-{digest[:24]}{EXTENSION[content_type]}"
    storage.put(key, data, content_type)
    document = CenterDocument(center_id=center.id, kind=kind, storage_key=key, expires_on=expires_on,
                              content_type=content_type, sha256=digest, uploaded_by_id=actor.user_id)
    session.add(document)
    session.flush()
    audit.record(session, actor=actor, action="center_document.uploaded", entity_type="center_document",
                 entity_id=document.id, after={"center_id": center.id, "kind": kind, "expires_on": str(expires_on)})
    _resubmit_if_rejected(session, actor, center)
    return document


def review(session: Session, *, actor: Actor, document_id: int, approve: bool, reason: str = "",
           now: datetime | None = None) -> CenterDocument:
    """Accept a document as genuine and current, or reject it with the reason the partner will read."""
    actor.require_permission("center.verify")
    document = session.get(CenterDocument, document_id)
    if document is None:
        raise NotFound(f"Center document {document_id} does not exist.")
    if document.status is not VerificationStatus.PENDING:
        raise IllegalTransition(f"Document {document_id} was already {document.status.value}.")
    if not approve and not (reason or "").strip():
        raise ValidationError("Say why the document is rejected (the partner reads this).")
    document.status = VerificationStatus.VERIFIED if approve else VerificationStatus.REJECTED
    document.rejection_reason = None if approve else reason.strip()
    document.reviewed_by_id, document.reviewed_at = actor.user_id, now or now_utc()
    audit.record(session, actor=actor, action=f"center_document.{document.status.value}",
                 entity_type="center_document", entity_id=document.id, before={"status": "pending"},
                 after={"status": document.status.value}, reason=document.rejection_reason)
    return document


def required_kinds(session: Session, *, center: Center) -> list[str]:
    """The documents this center must hold, from the services it offers and the machines it lists."""
    modalities = {Modality(m["modality"]) for m in center.machines or []}
    modalities |= set(session.scalars(select(Service.modality).join(CenterService).where(
        CenterService.center_id == center.id, CenterService.is_active)))
    kinds = ["registration"]
    if Modality.ULTRASOUND in modalities:
        kinds.append("pcpndt")
    if modalities & X_RAY_BASED:
        kinds.append("aerb")
    return kinds


def verification_problems(session: Session, *, center: Center, now: datetime | None = None) -> list[str]:
    """What stops the center being verified: each required document missing, unreviewed or expired."""
    latest, today = latest_by_kind(session, center_id=center.id), _today(now)
    problems = []
    for kind in required_kinds(session, center=center):
        document = latest.get(kind)
        if document is None:
            problems.append(f"the {KINDS[kind]} has not been uploaded")
        elif document.status is not VerificationStatus.VERIFIED:
            problems.append(f"the {KINDS[kind]} is {document.status.value}, not verified")
        elif document.expires_on and document.expires_on <= today:
            problems.append(f"the {KINDS[kind]} expired on {document.expires_on}")
    return problems


def latest_by_kind(session: Session, *, center_id: int) -> dict[str, CenterDocument]:
    """The newest document of each kind a center uploaded."""
    found = session.scalars(select(CenterDocument).where(CenterDocument.center_id == center_id)
                            .order_by(CenterDocument.id))
    return {document.kind: document for document in found}


def expiring(session: Session, *, within_days: int = 30, now: datetime | None = None) -> list[Expiring]:
    """Verified centers' current documents that expire within `within_days` (or already have), soonest first."""
    today = _today(now)
    rows = session.execute(select(CenterDocument, Center.name).join(Center, Center.id == CenterDocument.center_id)
                           .where(Center.verification_status == VerificationStatus.VERIFIED,
                                  CenterDocument.status == VerificationStatus.VERIFIED,
                                  CenterDocument.expires_on <= today + timedelta(days=within_days))).all()
    current = {(d.center_id, d.kind): (d, name) for d, name in rows
               if latest_by_kind(session, center_id=d.center_id).get(d.kind) is d}
    return sorted((Expiring(d.center_id, name, d.kind, d.expires_on, (d.expires_on - today).days)
                   for d, name in current.values()), key=lambda e: (e.expires_on, e.center_id))


def _editable_center(session: Session, actor: Actor, center_id: int) -> Center:
    if actor.role is Role.PARTNER_STAFF:
        actor.require_permission("center.profile")
        actor.require_center(center_id)
    else:
        actor.require_permission("center.edit")
    return centers.get_or_raise(session, center_id)


def _resubmit_if_rejected(session: Session, actor: Actor, center: Center) -> None:
    if center.verification_status is VerificationStatus.REJECTED:
        center.verification_status = VerificationStatus.PENDING
        audit.record(session, actor=actor, action="center.verification", entity_type="center", entity_id=center.id,
                     before={"status": "rejected"}, after={"status": "pending"}, reason="new document uploaded")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(f"The document kind is one of {', '.join(KINDS)}.")
    return kind


def _today(now: datetime | None) -> date:
    return (now or now_utc()).astimezone(IST).date()
