"""With MEDEZY_ENV=production a process refuses to start on a missing secret or a stand-in provider.

The embedded default runs on sandbox providers, a generated secret key and a demo GSTIN; none of that
may reach real patients or real invoices. Every problem is named in one error, so one restart fixes all.
"""
from __future__ import annotations

import re

from core.settings import DEMO_GSTIN, Settings, env_name

# The settings each real provider needs; a provider missing here is not allowed in production.
PAYMENT_PROVIDERS: dict[str, tuple[str, ...]] = {
    "razorpay": ("razorpay_key_id", "razorpay_key_secret", "razorpay_webhook_secret"),
}
MESSAGING_PROVIDERS: dict[str, tuple[str, ...]] = {
    "twilio": ("twilio_account_sid", "twilio_auth_token"),
}
GSTIN = re.compile(r"^[0-3][0-9][A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
MIN_SECRET_LENGTH = 32


class StartupRefused(RuntimeError):
    """The process must not start with this configuration; the message says what to fix."""


def checked(settings: Settings) -> Settings:
    """The settings unchanged, or StartupRefused naming every missing production setting."""
    if not settings.is_production:
        return settings
    problems = [*_secret(settings), *_provider(settings, "payment_provider", PAYMENT_PROVIDERS),
                *_provider(settings, "messaging_provider", MESSAGING_PROVIDERS), *_gstin(settings)]
    if problems:
        raise StartupRefused("MEDEZY_ENV=production, but " + "; ".join(problems))
    return settings


def _secret(settings: Settings) -> list[str]:
    if not settings.secret_key:
        return [f"{env_name('secret_key')} is not set"]
    if len(settings.secret_key) < MIN_SECRET_LENGTH:
        return [f"{env_name('secret_key')} is shorter than {MIN_SECRET_LENGTH} characters"]
    return []


def _provider(settings: Settings, choice: str, real: dict[str, tuple[str, ...]]) -> list[str]:
    chosen = getattr(settings, choice)
    if chosen not in real:
        return [f"{env_name(choice)} is {chosen!r}, not a real provider ({' or '.join(sorted(real))})"]
    return [f"{env_name(name)} is not set" for name in real[chosen] if not getattr(settings, name)]


def _gstin(settings: Settings) -> list[str]:
    if settings.gstin == DEMO_GSTIN:
        return [f"{env_name('gstin')} is the demo GSTIN; set the company's own"]
    if not GSTIN.match(settings.gstin or ""):
        return [f"{env_name('gstin')} {settings.gstin!r} is not a valid GSTIN"]
    return []
