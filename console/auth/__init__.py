"""Sign-in for everyone at /login (a code on WhatsApp; staff email + password only where configured)
and who is signed in on a request. Other features use: current_user(), current_actor(),
LogoutForm, and the blueprint "auth" (/login, /logout, /logout/everywhere)."""
from console.auth.forms import LogoutForm
from console.auth.identity import STAFF_ROLES, current_actor, current_session, current_user
from console.auth.views import blueprint

__all__ = ["LogoutForm", "STAFF_ROLES", "blueprint", "current_actor", "current_session", "current_user"]
