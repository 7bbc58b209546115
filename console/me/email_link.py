"""/email/verify: the link a patient follows from their inbox to confirm an email address.

Outside /me/ on purpose: the mail is often opened on another device, so the signed link stands in for a
sign-in. Opening it changes nothing (mail scanners open links too); the button on the page confirms,
once (core.portal.email_verification).
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField

from console.auth.identity import current_user
from core.clock import now_utc
from core.errors import DomainError
from core.portal import email_verification

blueprint = Blueprint("email_link", __name__, url_prefix="/email", template_folder="templates")
TOKEN_LIMIT = 2000  # far above a real token; longer input is not a link of ours


class ConfirmForm(FlaskForm):
    token = HiddenField()


def _token(raw: str | None) -> str:
    return (raw or "")[:TOKEN_LIMIT]


def _page(*, link=None, error: str | None = None, done: bool = False, form=None):
    status = 400 if error else 200
    return render_template("me/email_verify.html", link=link, error=error, done=done, form=form), status


@blueprint.get("/verify")
def verify_page():
    """What the link asks, with a button to confirm it; a bad, expired or used link says so."""
    token, c = _token(request.args.get("token")), current_app.extensions["medezy"]
    with c.uow() as uow:
        try:
            link = email_verification.check(uow.session, token=token, now=now_utc(), secret=c.settings.secret_key)
        except DomainError as error:
            return _page(error=str(error))
    return _page(link=link, form=ConfirmForm(token=token))


@blueprint.post("/verify")
def verify():
    form, c = ConfirmForm(), current_app.extensions["medezy"]
    if not form.validate_on_submit():
        return _page(error="This page has expired. Open the link from your email again.")
    with c.uow() as uow:
        try:
            user = email_verification.confirm(uow.session, token=_token(form.token.data), now=now_utc(),
                                              secret=c.settings.secret_key)
        except DomainError as error:
            uow.rollback()
            return _page(error=str(error))
        uow.commit()
        confirmed_id = user.id
    signed_in = current_user()
    if signed_in is not None and signed_in.id == confirmed_id:
        flash("Your email is confirmed.", "success")
        return redirect(url_for("me.profile_page"))
    return _page(done=True)
