"""What the center onboarding pages show: the services with their prices and template ranges, and the
center's documents (with expiring ones flagged), verification problems and partner users."""
from __future__ import annotations

from sqlalchemy import select

from console.admin.ops import center_forms as forms
from core import center_documents, service_catalogue
from core.payments import fees
from core.models.centers import Center, CenterDocument, CenterService, Tier
from core.models.users import Role, User

DOCUMENT_LINK_SECONDS = 600  # a reviewer opens the file now; a copied link soon stops working


def offers_table(session, center: Center | None) -> list[dict]:
    """Each active service with the center's price (if offered) and the template range in its city."""
    prices = {} if center is None else dict(session.execute(select(
        CenterService.service_id, CenterService.price_paise).where(CenterService.center_id == center.id,
                                                                   CenterService.is_active)).all())
    table = []
    for service in service_catalogue.get_all(session, include_inactive=False):
        low, high = (service.min_price_paise, service.max_price_paise) if center is None else \
            service_catalogue.price_bounds(session, service=service, city_id=center.city_id)
        table.append({"service": service, "price": prices.get(service.id), "low": low, "high": high})
    return table


def tier_form(center: Center, finance) -> forms.TierForm:
    """The tier choice, each tier named with its fee rule ("Pro: 8% per booking")."""
    form = forms.TierForm(formdata=None, tier=center.tier.value)
    form.tier.choices = [(tier.value, f"{tier.value.capitalize()}: {fees.terms(tier, finance)}") for tier in Tier]
    return form


def review_context(session, center: Center, storage, finance) -> dict:
    """What the center page shows about documents, verification, tier and partner users."""
    documents = session.scalars(select(CenterDocument).where(CenterDocument.center_id == center.id)
                                .order_by(CenterDocument.id.desc())).all()
    partners = session.scalars(select(User).where(User.center_id == center.id, User.role == Role.PARTNER_STAFF)
                               .order_by(User.name)).all()
    links = {d.id: storage.signed_url(d.storage_key, expires_in=DOCUMENT_LINK_SECONDS) for d in documents}
    return {"documents": documents, "links": links, "partners": partners, "kinds": center_documents.KINDS,
            "required": center_documents.required_kinds(session, center=center),
            "problems": center_documents.verification_problems(session, center=center),
            "expiring": {e.kind: e for e in center_documents.expiring(session, within_days=30)
                         if e.center_id == center.id},
            "document_form": forms.DocumentForm(formdata=None), "reason_form": forms.ReasonForm(formdata=None),
            "tier_form": tier_form(center, finance), "invite_form": forms.InviteForm(formdata=None, prefix="invite")}
