"""One settings object, read from the environment once per process."""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PREFIX = "MEDEZY_"
DEMO_GSTIN = "27AAICM4821K1Z3"  # a well-formed GSTIN that is nobody's: fine for the demo, refused in production


def _secret() -> field:
    # repr=False keeps secrets out of logs, tracebacks and debug pages.
    return field(default="", repr=False)


@dataclass(frozen=True)
class Settings:
    env: str = "development"  # "production" makes every process refuse to start misconfigured (wiring.production)
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'medezy.db'}"
    redis_url: str = ""  # empty: jobs run inline (embedded default)
    storage_dir: str = str(PROJECT_ROOT / "var" / "files")
    public_base_url: str = "http://127.0.0.1:5000"
    hold_minutes: int = 10
    timezone: str = "Asia/Kolkata"
    log_format: str = "text"  # "json" in production: one JSON object per line (console.observability.logs)
    metrics_token: str = _secret()  # when set, GET /metrics needs "Authorization: Bearer <token>"
    secret_key: str = _secret()
    audit_key: str = _secret()  # HMAC key of the audit chain; the database never holds it
    payment_provider: str = "sandbox"
    messaging_provider: str = "sandbox"
    storage_provider: str = "local"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = _secret()
    rasa_timeout_seconds: int = 15
    action_server_url: str = "http://127.0.0.1:5055/webhook"
    razorpay_key_id: str = ""
    razorpay_key_secret: str = _secret()
    razorpay_webhook_secret: str = _secret()
    razorpay_base_url: str = "https://api.razorpay.com"
    twilio_account_sid: str = ""
    twilio_auth_token: str = _secret()
    twilio_whatsapp_from: str = "whatsapp:+14155238886"
    twilio_base_url: str = ""
    twilio_content_sids: str = ""  # approved templates: "name=HX...:var1,var2;name2=HX..." (notifications.templates)
    # Sign-in (core.auth). OTP codes are our own ("local": sent over WhatsApp through the messaging
    # provider) or Twilio Verify's ("twilio_verify": Twilio sends and checks them).
    otp_provider: str = "local"
    twilio_verify_service_sid: str = ""
    twilio_verify_base_url: str = ""  # a regional edge, or a local fake in tests
    # Email + password as a second way in for staff other than super admins (they always need a code).
    # Off by default, the embedded default included: its sandbox shows the codes, so nobody needs one.
    staff_password_sign_in: bool = False
    # Notifications (notifications/, adapters/). messaging_provider: sandbox, twilio, gupshup, interakt.
    sms_provider: str = "sandbox"  # sandbox or gupshup (Gupshup Enterprise SMS, DLT)
    email_provider: str = "sandbox"  # sandbox, ses or postmark
    email_from: str = "MedEzy <care@medezy.in>"
    gupshup_api_key: str = _secret()
    gupshup_source: str = ""  # our WhatsApp Business number, digits with country code
    gupshup_app_name: str = ""
    gupshup_base_url: str = "https://api.gupshup.io"
    gupshup_templates: str = ""  # "name=<template uuid>:var1,var2;..." (same shape as twilio_content_sids)
    gupshup_sms_userid: str = ""
    gupshup_sms_password: str = _secret()
    gupshup_sms_base_url: str = "https://enterprise.smsgupshup.com"
    interakt_api_key: str = _secret()
    interakt_base_url: str = "https://api.interakt.ai"
    interakt_webhook_secret: str = _secret()
    sms_dlt_entity_id: str = ""  # DLT principal entity id
    sms_dlt_header: str = ""  # the registered 6-letter sender header
    sms_dlt_template_ids: str = ""  # "booking_confirmed=1107...;booking_confirmed.hi=1107..."
    postmark_server_token: str = _secret()
    postmark_base_url: str = "https://api.postmarkapp.com"
    ses_region: str = "ap-south-1"
    ses_endpoint_url: str = ""
    ses_configuration_set: str = ""
    notify_callback_token: str = _secret()  # in the callback URLs of providers that sign nothing
    center_confirm_sla_minutes: int = 60  # working minutes a center has to confirm a paid booking
    quiet_hours: str = "21:00-08:00"  # India time; non-urgent notifications wait until it ends
    s3_bucket: str = "medezy"
    s3_endpoint_url: str = ""
    s3_region: str = "ap-south-1"
    # Server-side encryption asked on every upload: "AES256" (S3-managed keys) or "aws:kms"; empty sends no
    # header, for stores that encrypt on their own and refuse the header (Cloudflare R2 refuses aws:kms).
    s3_server_side_encryption: str = "AES256"
    aws_access_key_id: str = ""
    aws_secret_access_key: str = _secret()
    # Payments and finance (core.payments.config reads these).
    refund_approval_threshold_paise: int = 500000  # refunds above ₹5,000 wait for a super admin
    goodwill_credit_limit_paise: int = 100000  # one goodwill grant is at most ₹1,000
    platform_fee_basic_bps: int = 1500  # Basic tier: 15% of the price
    platform_fee_basic_flat_paise: int = 0
    platform_fee_pro_bps: int = 800  # Pro tier: 8% of the price
    platform_fee_pro_flat_paise: int = 0
    legal_name: str = "MedEzy Health Private Limited"
    gstin: str = DEMO_GSTIN
    gst_state_code: str = "27"  # where our GSTIN is registered (Maharashtra)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Read every field from MEDEZY_<NAME>, and from nowhere else (one name per setting)."""
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = env.get(env_name(f.name))
            if raw is not None:
                values[f.name] = _parse(f.name, f.type, raw)
        return cls(**values)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def audit_chain_key(self) -> bytes:
        """MEDEZY_AUDIT_KEY, or (embedded default) a key derived from the secret key."""
        if self.audit_key:
            return self.audit_key.encode()
        if not self.secret_key:
            raise RuntimeError("no secret key to derive the audit key from (wiring.secret_key completes it)")
        return hmac.new(self.secret_key.encode(), b"medezy audit chain", hashlib.sha256).digest()

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")


def env_name(field_name: str) -> str:
    """The one environment variable a setting is read from."""
    return f"{PREFIX}{field_name.upper()}"
def _parse(name: str, kind: str, raw: str):
    if kind == "int":
        return int(raw)
    if kind == "bool":
        if raw.strip().lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off", ""):
            raise ValueError(f"{env_name(name)} must be true or false, not {raw!r}")
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return raw
