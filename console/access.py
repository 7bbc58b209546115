"""Who may open what: every console route checks a permission of core.permissions (the only source of
truth). Anonymous visitors are sent to sign in; signed-in users without the permission get 403."""
from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for

from console.auth import current_user
from core.models.users import Role
from core.permissions import PANEL_OF, allowed_to


def can(permission: str) -> bool:
    """Does the signed-in user (of any role) hold `permission`?"""
    user = current_user()
    return user is not None and allowed_to(user.role, permission, center_admin=bool(user.is_center_admin))


def to_sign_in():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def refuse(permission: str):
    """The answer for a request that lacks `permission`: sign in first, else 403."""
    if current_user() is None:
        return to_sign_in()
    abort(403)


def gate(permission: str):
    """Decorator: the view runs only for users holding `permission`."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(permission):
                return refuse(permission)
            return view(*args, **kwargs)
        wrapped.permission = permission  # the role × URL test reads it
        return wrapped
    return decorator


def gate_blueprint(blueprint, permission: str) -> None:
    """Every route of `blueprint` (pages, actions, polling) needs `permission`, checked before the view."""
    @blueprint.before_request
    def _gate():
        if not can(permission):
            return refuse(permission)
        return None


def home_of(role: Role) -> str:
    """The panel a role lands on (core.permissions.PANEL_OF)."""
    return url_for(f"{PANEL_OF[role]}.index")
