"""Center onboarding in the admin panel: create and edit a center (profile, hours, machines, services at
prices inside each template), its documents with expiry dates and their review, verification (verify, or
reject with a reason), the subscription tier, partner users invited by phone and which of them are the
center's admins. All through core."""
from __future__ import annotations

from flask import abort, current_app, redirect, request
from flask_admin import expose
from sqlalchemy import select

from console.admin.ops import center_forms as forms, center_pages
from console.adminkit.pages import PanelPage
from core import catalogue, center_admins, center_documents, center_onboarding, centers, service_catalogue
from core.models.centers import Center, CenterDocument, VerificationStatus

VERDICTS = {"verify": True, "reject": False}
ADMIN_MOVES = {"make-admin": True, "remove-admin": False}  # the partner user's center admin flag


def _storage():
    return current_app.extensions["medezy"].adapters["storage"]


def _finance():
    return current_app.extensions["medezy"].adapters["finance"]


class CenterOnboardingPage(PanelPage):
    permission = "center.edit"

    @expose("/")
    def index(self):
        with self.reading() as (session, actor):
            rows = session.scalars(select(Center).order_by(Center.name)).all()
            return self.render("admin_panel/centers.html", centers=rows,
                               expiring=center_documents.expiring(session, within_days=30))

    @expose("/new", methods=("GET", "POST"))
    def new(self):
        form = forms.NewCenterForm()
        with self.reading() as (session, _):  # plain values only: no read stays open across the write
            form.city_id.choices = [(c.id, c.name) for c in catalogue.list_cities(session)]
            service_ids = [s.id for s in service_catalogue.get_all(session, include_inactive=False)]
        status = 200
        if request.method == "POST":
            if self.valid(form):
                center = self.through_core(lambda s, actor: center_onboarding.create(
                    s, actor=actor, code=form.code.data, city_id=form.city_id.data,
                    offers=forms.prices_of(request.form, service_ids), **forms.profile_of(form)),
                    done="Center added, pending verification: upload its documents next.")
                if center:
                    return redirect(self.get_url(".show", center_id=center.id))
            status = 422
        with self.reading() as (session, _):
            return self.render("admin_panel/center_new.html", form=form, offers=center_pages.offers_table(session, None)), status

    @expose("/<int:center_id>")
    def show(self, center_id: int):
        with self.reading() as (session, _):
            center = centers.get_or_raise(session, center_id)
            profile = forms.ProfileForm(formdata=None)
            forms.fill(profile, center)
            return self.render("admin_panel/center.html", center=center, profile=profile,
                               offers=center_pages.offers_table(session, center), **center_pages.review_context(session, center, _storage(), _finance()))

    @expose("/<int:center_id>/profile", methods=("POST",))
    def profile(self, center_id: int):
        form = forms.ProfileForm()
        self.checked(form)
        self.through_core(lambda s, actor: center_onboarding.update(s, actor=actor, center_id=center_id,
                                                                    **forms.profile_of(form)), done="Profile saved.")
        return self._back(center_id)

    @expose("/<int:center_id>/prices", methods=("POST",))
    def prices(self, center_id: int):
        self.checked(forms.ReasonForm())

        def work(session, actor):
            ids = [s.id for s in service_catalogue.get_all(session, include_inactive=False)]
            for service_id, paise in forms.prices_of(request.form, ids).items():
                centers.set_price(session, actor=actor, center_id=center_id, service_id=service_id, price_paise=paise)
        self.through_core(work, done="Prices saved.")
        return self._back(center_id)

    @expose("/<int:center_id>/documents", methods=("POST",))
    def upload(self, center_id: int):
        form = forms.DocumentForm()
        self.checked(form)
        upload = form.file.data
        self.through_core(lambda s, actor: center_documents.upload(
            s, _storage(), actor=actor, center_id=center_id, kind=form.kind.data, data=upload.read(),
            content_type=upload.mimetype or "", expires_on=form.expires_on.data),
            done="Document uploaded; it waits for review.")
        return self._back(center_id)

    @expose("/<int:center_id>/documents/<int:document_id>/<verdict>", methods=("POST",))
    def review(self, center_id: int, document_id: int, verdict: str):
        self.need("center.verify")
        form = forms.ReasonForm()
        self.checked(form)
        approve = VERDICTS.get(verdict)
        if approve is None:
            abort(404)
        self.through_core(lambda s, actor: center_documents.review(
            s, actor=actor, document_id=_document_of(s, center_id, document_id), approve=approve,
            reason=form.reason.data or ""), done=f"Document {'accepted' if approve else 'rejected'}.")
        return self._back(center_id)

    @expose("/<int:center_id>/verification/<verdict>", methods=("POST",))
    def verification(self, center_id: int, verdict: str):
        self.need("center.verify")
        form = forms.ReasonForm()
        self.checked(form)
        if verdict not in VERDICTS:
            abort(404)
        status = VerificationStatus.VERIFIED if VERDICTS[verdict] else VerificationStatus.REJECTED
        self.through_core(lambda s, actor: centers.set_verification(
            s, actor=actor, center_id=center_id, status=status, reason=form.reason.data or ""),
            done=f"Center {status.value}.")
        return self._back(center_id)

    @expose("/<int:center_id>/tier", methods=("POST",))
    def tier(self, center_id: int):
        form = forms.TierForm()
        self.checked(form)
        self.through_core(lambda s, actor: centers.set_tier(s, actor=actor, center_id=center_id, tier=form.tier.data),
                          done="Tier changed; fees follow it from the next booking.")
        return self._back(center_id)

    @expose("/<int:center_id>/partners", methods=("POST",))
    def invite(self, center_id: int):
        form = forms.InviteForm(prefix="invite")
        self.checked(form)
        self.through_core(lambda s, actor: center_onboarding.invite_partner(
            s, actor=actor, center_id=center_id, name=form.name.data, phone=form.phone.data),
            done="Partner invited: they sign in with a code sent to their phone.")
        return self._back(center_id)

    @expose("/<int:center_id>/partners/<int:user_id>/<move>", methods=("POST",))
    def center_admin(self, center_id: int, user_id: int, move: str):
        self.need("center.manage_admins")
        form = forms.ReasonForm()
        self.checked(form)
        if move not in ADMIN_MOVES:
            abort(404)
        self.through_core(lambda s, actor: center_admins.set_admin(
            s, actor=actor, center_id=center_id, user_id=user_id, admin=ADMIN_MOVES[move], reason=form.reason.data),
            done="Center admin made." if ADMIN_MOVES[move] else "Center admin removed.")
        return self._back(center_id)

    def _back(self, center_id: int):
        return redirect(self.get_url(".show", center_id=center_id))


def _document_of(session, center_id: int, document_id: int) -> int:
    """The document, if it belongs to this center (a mismatched pair is a 404, like a missing one)."""
    document = session.get(CenterDocument, document_id)
    if document is None or document.center_id != center_id:
        abort(404)
    return document.id
