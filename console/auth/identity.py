"""Who is signed in on this request: the server-side session behind the cookie, looked up once."""
from __future__ import annotations


from flask import abort, current_app, g, request

from core.actors import Actor
from core.auth import sessions
from core.clock import now_utc
from core.models.auth import AuthSession
from core.models.users import Role, User

STAFF_ROLES = frozenset(Role) - {Role.PATIENT, Role.SYSTEM}


def cookie_name() -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/,
    # so a sibling subdomain cannot plant one. Plain http (development) cannot use it.
    return "__Host-medezy_session" if current_app.extensions["medezy"].settings.is_production else "medezy_session"


def clock():
    """Now, in UTC; tests set app.config["MEDEZY_CLOCK"] to move time instead of sleeping."""
    return (current_app.config.get("MEDEZY_CLOCK") or now_utc)()


def current_session() -> AuthSession | None:
    """The live server-side session of this request, or None."""
    if "auth_session" not in g:
        g.auth_session = _resolve(request.cookies.get(cookie_name()))
    return g.auth_session


def current_user() -> User | None:
    """The signed-in, active user of any role (staff or patient), or None."""
    record = current_session()
    return record.user if record is not None else None


def current_actor() -> Actor:
    user = current_user()
    if user is None:
        abort(401)
    return Actor.of(user)


def _resolve(token: str | None) -> AuthSession | None:
    if not token:
        return None
    db = current_app.extensions["medezy_db"]()
    record = sessions.resolve(db, token, now=clock())
    # End the read (and write an idle expiry) at once: on SQLite every transaction takes the write lock,
    # so a transaction left open here would block the unit of work the same request opens next.
    db.commit()
    if record is None:
        g.stale_cookie = True
    return record
