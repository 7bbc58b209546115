"""The center's profile: its details, the scans it offers with prices, its staff, inviting a colleague and
(for its admins) moving the center admin flag between colleagues."""
from __future__ import annotations

from flask import abort, redirect, url_for
from flask_admin import expose
from sqlalchemy import select

from console.access import can
from console.partner import forms
from console.partner.pages import PartnerPage
from core import center_admins, center_onboarding
from core.models import CenterService, Role, Service, User
from core.privacy import mask_phone


ADMIN_MOVES = {"make-admin": True, "remove-admin": False}  # a colleague's center admin flag


class ProfilePage(PartnerPage):
    permission = "center.profile"

    @expose("/")
    def index(self):
        center_id = self.center_id()
        with self.uow() as uow:
            s = uow.session
            offers = s.execute(select(Service.name, CenterService.price_paise, CenterService.is_active)
                               .join(Service, Service.id == CenterService.service_id)
                               .where(CenterService.center_id == center_id).order_by(Service.name)).all()
            staff = s.scalars(select(User).where(User.center_id == center_id, User.role == Role.PARTNER_STAFF)
                              .order_by(User.name)).all()
            return self.render("partner/profile.html", center=self.center(s), offers=offers,
                               staff=[(u.id, u.name, mask_phone(u.phone), u.is_active, u.is_center_admin)
                                      for u in staff], form=forms.InviteForm(), admin_form=forms.AdminMoveForm(),
                               may_invite=can("center.invite_partner"), may_name_admins=can("center.manage_admins"))

    @expose("/invite", methods=("POST",))
    def invite(self):
        if not can("center.invite_partner"):
            abort(403)
        form = forms.InviteForm()
        if not form.validate_on_submit():
            abort(400, "Give your colleague's name and mobile number, then send it again.")
        center_id = self.center_id()
        self.write(lambda s, actor: center_onboarding.invite_partner(s, actor=actor, center_id=center_id,
                                                                     name=form.name.data, phone=form.phone.data),
                   f"{form.name.data} can now sign in with a code sent to their phone.")
        return redirect(url_for(".index"))

    @expose("/staff/<int:user_id>/<move>", methods=("POST",))
    def center_admin(self, user_id: int, move: str):
        if not can("center.manage_admins"):
            abort(403)
        if move not in ADMIN_MOVES:
            abort(404)
        form = forms.AdminMoveForm()
        if not form.validate_on_submit():
            abort(400, "Say why, then send it again.")
        center_id, admin = self.center_id(), ADMIN_MOVES[move]
        self.write(lambda s, actor: center_admins.set_admin(s, actor=actor, center_id=center_id, user_id=user_id,
                                                            admin=admin, reason=form.reason.data),
                   "Center admin made." if admin else "Center admin removed.")
        return redirect(url_for(".index"))
