"""/login (phone, then the code from WhatsApp), /login/password (staff, where configured), /logout."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)

from console.auth.forms import CodeForm, LogoutForm, PasswordForm, PhoneForm, ResendForm
from console.auth.identity import clock, cookie_name, current_session, current_user
from console.auth.redirects import safe_next
from core.actors import Actor
from core.auth import phones, sessions, sign_in
from core.auth.codes import CodeNotSent
from core.auth.rate_limits import RateLimited
from core.errors import ValidationError
from core.models.auth import AuthSession

blueprint = Blueprint("auth", __name__)
PENDING_PHONE, PENDING_NEXT = "sign_in_phone", "sign_in_next"


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = PhoneForm()
    next_url = safe_next(request.args.get("next"))
    if request.method == "GET":
        return _page("auth/phone.html", form=form, next_url=next_url)
    if not form.validate_on_submit():
        return _page("auth/phone.html", 400, form=form, next_url=next_url, error="Enter your mobile number.")
    try:
        phone = phones.normalise(form.phone.data)
        _send_code(phone)
    except RateLimited as error:
        if error.cooldown and session.get(PENDING_PHONE) == phone:
            flash(str(error), "info")  # the code sent a moment ago is still good: go and type it
            return redirect(url_for("auth.code"))
        return _page("auth/phone.html", 429, form=form, next_url=next_url, error=str(error),
                     headers={"Retry-After": str(error.retry_after)})
    except (ValidationError, CodeNotSent) as error:
        return _page("auth/phone.html", _status(error), form=form, next_url=next_url, error=str(error))
    session[PENDING_PHONE], session[PENDING_NEXT] = phone, next_url
    return redirect(url_for("auth.code"))


@blueprint.route("/login/code", methods=["GET", "POST"])
def code():
    phone = session.get(PENDING_PHONE)
    if not phone:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if request.method == "GET":
        return _code_page(form, phone)
    if not form.validate_on_submit():
        return _code_page(form, phone, 400, error="Enter the 6-digit code from WhatsApp.")
    try:
        outcome = _in_unit_of_work(lambda uow, c: sign_in.with_code(
            uow.session, c.adapters["otp"], c.adapters["rate_limits"], phone=phone, code=form.code.data,
            client=_client(), now=clock()))
    except RateLimited as error:
        return _code_page(form, phone, 429, error=str(error), headers={"Retry-After": str(error.retry_after)})
    except (ValidationError, CodeNotSent) as error:
        return _code_page(form, phone, _status(error), error=str(error))
    if not outcome.ok:
        return _code_page(form, phone, 401, error=outcome.problem)
    return _signed_in(outcome, session.get(PENDING_NEXT))


@blueprint.post("/login/resend")
def resend():
    phone = session.get(PENDING_PHONE)
    if not phone or not ResendForm().validate_on_submit():
        abort(400)
    try:
        _send_code(phone)
    except RateLimited as error:
        return _code_page(CodeForm(formdata=None), phone, 429, error=str(error),
                          headers={"Retry-After": str(error.retry_after)})
    except CodeNotSent as error:
        return _code_page(CodeForm(formdata=None), phone, 503, error=str(error))
    flash("A new code is on its way to WhatsApp.", "info")
    return redirect(url_for("auth.code"))


@blueprint.route("/login/password", methods=["GET", "POST"])
def password():
    if not current_app.extensions["medezy"].settings.staff_password_sign_in:
        abort(404)
    form, next_url = PasswordForm(), safe_next(request.args.get("next"))
    if request.method == "GET":
        return _page("auth/password.html", form=form, next_url=next_url)
    if not form.validate_on_submit():
        return _page("auth/password.html", 400, form=form, next_url=next_url, error="Enter your email and password.")
    try:
        outcome = _in_unit_of_work(lambda uow, c: sign_in.with_password(
            uow.session, c.adapters["rate_limits"], email=form.email.data, password=form.password.data,
            client=_client(), now=clock()))
    except RateLimited as error:
        return _page("auth/password.html", 429, form=form, next_url=next_url, error=str(error),
                     headers={"Retry-After": str(error.retry_after)})
    if not outcome.ok:
        return _page("auth/password.html", 401, form=form, next_url=next_url, error=outcome.problem)
    return _signed_in(outcome, next_url)


@blueprint.post("/logout")
def logout():
    if not LogoutForm().validate_on_submit():
        abort(400)
    record = current_session()
    if record is not None:
        _in_unit_of_work(lambda uow, c: sessions.end(uow.session, uow.session.get(AuthSession, record.id), now=clock()))
    return _signed_out()


@blueprint.post("/logout/everywhere")
def logout_everywhere():
    if not LogoutForm().validate_on_submit():
        abort(400)
    user = current_user()
    if user is not None:
        _in_unit_of_work(lambda uow, c: sessions.end_all(uow.session, user_id=user.id, actor=Actor.of(user),
                                                         reason="signed_out_everywhere", now=clock()))
    return _signed_out("You are signed out on every device.")


@blueprint.after_app_request
def _forget_stale_cookie(response):
    # A cookie whose session has ended is useless; tell the browser to drop it.
    if g.get("stale_cookie"):
        response.delete_cookie(cookie_name(), path="/", secure=_secure(), httponly=True, samesite="Lax")
    return response


@blueprint.app_context_processor
def _signed_in_user():
    return {"auth_user": current_user, "logout_form": LogoutForm}


def _send_code(phone: str) -> None:
    _in_unit_of_work(lambda uow, c: sign_in.request_code(uow.session, c.adapters["otp"], c.adapters["rate_limits"],
                                                         phone=phone, client=_client(), now=clock()))


def _in_unit_of_work(work):
    """Run `work(uow, container)` and commit: failed tries are written too (attempts, audit)."""
    c = current_app.extensions["medezy"]
    with c.uow() as uow:
        result = work(uow, c)
        uow.commit()
    return result


def _signed_in(outcome: sign_in.Outcome, next_url: str | None):
    _end_previous_session()
    from console.navigation import home_url  # navigation reads the signed-in user from this package
    target = safe_next(next_url) or home_url(outcome.user)
    # Rotate: nothing of the signed-out browser (pending phone, old CSRF token) survives sign-in.
    session.clear()
    response = redirect(target)
    response.set_cookie(cookie_name(), outcome.token, path="/", secure=_secure(), httponly=True, samesite="Lax")
    g.stale_cookie = False
    return response


def _end_previous_session() -> None:
    record = current_session()
    if record is not None:
        _in_unit_of_work(lambda uow, c: sessions.end(uow.session, uow.session.get(AuthSession, record.id), now=clock()))


def _signed_out(message: str = "You are signed out."):
    session.clear()
    flash(message, "info")
    response = redirect(url_for("auth.login"))
    response.delete_cookie(cookie_name(), path="/", secure=_secure(), httponly=True, samesite="Lax")
    g.stale_cookie = False
    return response


def _code_page(form, phone: str, status: int = 200, **context):
    settings = current_app.extensions["medezy"].settings
    if status != 200:
        form.code.data = ""  # a refused code is of no use in the box; the person types the next one
    sandbox = settings.messaging_provider == "sandbox" and settings.otp_provider == "local"
    return _page("auth/code.html", status, form=form, resend_form=ResendForm(), phone=phone,
                 masked=_masked(phone), sandbox=sandbox, **context)


def _page(template: str, status: int = 200, headers: dict | None = None, **context):
    settings = current_app.extensions["medezy"].settings
    return render_template(template, password_allowed=settings.staff_password_sign_in, **context), status, headers or {}


def _client() -> sign_in.Client:
    return sign_in.Client(ip=request.remote_addr or "unknown", user_agent=request.user_agent.string)


def _masked(phone: str) -> str:
    return f"{phone[:3]} •••••• {phone[-4:]}" if len(phone) > 8 else phone


def _secure() -> bool:
    return current_app.extensions["medezy"].settings.is_production


def _status(error: Exception) -> int:
    return 503 if isinstance(error, CodeNotSent) else 422
