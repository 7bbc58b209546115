"""The numbers of sign-in, in one place (a security review reads this file, not the code)."""
from __future__ import annotations

from datetime import timedelta

from core.models.users import Role

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5  # wrong codes before a challenge is dead (the CHECK on otp_challenges says the same)
RESEND_COOLDOWN = timedelta(seconds=30)

# Rate limits ("N per period", read by the `limits` library). Keyed per phone, per email and per
# IP address; kept in Redis in production and in process in the embedded default.
LIMITS = {
    "otp_send_phone": "5 per hour",  # codes sent to one phone
    "otp_send_ip": "20 per hour",  # codes requested from one address
    "sign_in_fail_phone": "10 per hour",  # wrong codes for one phone: then locked for the hour
    "sign_in_fail_email": "5 per 15 minutes",  # wrong passwords for one email: then locked
    "sign_in_fail_ip": "30 per 15 minutes",  # wrong codes or passwords from one address
}

# A staff console left open on a shared desk should not stay signed in for long; patients sign in
# from their own phone and would rather not be asked for a code every visit.
IDLE_TIMEOUT_STAFF = timedelta(minutes=30)
IDLE_TIMEOUT_PATIENT = timedelta(days=7)
# Writing last_seen_at on every request would turn every page view into a write (and, on SQLite, a
# wait for the single writer lock); a minute of slack on a 30-minute timeout costs nothing.
TOUCH_EVERY = timedelta(minutes=1)


def idle_timeout(role: Role) -> timedelta:
    return IDLE_TIMEOUT_PATIENT if role is Role.PATIENT else IDLE_TIMEOUT_STAFF
