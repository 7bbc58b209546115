"""Sign-in for the console: email + password, user id kept in the session cookie. Every panel checks a
permission of core.permissions, so any active user (staff or patient) may be signed in here."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from core.actors import Actor
from core.models.users import Role, User
from core.passwords import check_password

blueprint = Blueprint("auth", __name__)
SIGNABLE_ROLES = frozenset(Role) - {Role.SYSTEM}


class LogoutForm(FlaskForm):
    """Empty form: only its CSRF token matters (sign-out must not be triggerable cross-site)."""


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


def db_session():
    return current_app.extensions["medezy_db"]()


def current_user() -> User | None:
    """The signed-in active user (staff or patient) for this request, or None."""
    if "user" not in g:
        user_id = session.get("user_id")
        db = db_session()
        user = db.get(User, user_id) if user_id else None
        # End the read at once: on SQLite every transaction takes the write lock, so a transaction left
        # open here would block the unit of work the same request opens next (until "database is locked").
        db.commit()
        g.user = user if user is not None and user.is_active and user.role in SIGNABLE_ROLES else None
    return g.user


def current_actor() -> Actor:
    user = current_user()
    if user is None:
        abort(401)
    return Actor.of(user)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db_session().scalar(select(User).where(User.email == form.email.data.strip().lower()))
        if user and user.is_active and user.role in SIGNABLE_ROLES and check_password(user.password_hash, form.password.data):
            session.clear()
            session["user_id"] = user.id
            return redirect(_safe_next(request.args.get("next"), user))
        flash("Wrong email or password.", "error")
    return render_template("login.html", form=form), 200 if request.method == "GET" else 401


@blueprint.post("/logout")
def logout():
    if not LogoutForm().validate_on_submit():
        abort(400)
    session.clear()
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None, user: User) -> str:
    # Only local paths: an open redirect after login is a phishing tool.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    from console.navigation import home_url
    return home_url(user)
