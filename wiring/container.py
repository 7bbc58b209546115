"""The process container: settings, database, job queue and adapters, built once per process.

`build()` is the one place that turns settings into adapters. Each composition root (wiring.console,
wiring.worker, wiring.action_server) calls it once at start-up and hands the container on: request
handlers read `current_app.extensions["medezy"]`, outbox handlers get it as `handler(session, payload, c)`,
jobs as `job(c, *ids)`, bot actions through their package root. Tests build one on their own database
and replace adapters in `c.adapters`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import sessionmaker

from core.auth.codes import LocalCodes
from core.auth.rate_limits import RateLimits
from core.db import make_engine, make_session_factory
from core.jobs import JobQueue, ThreadJobQueue
from core.payments.config import FinanceConfig
from core.settings import Settings
from core.storage import LocalStorage
from core.uow import UnitOfWork
from wiring import production, secret_key, topics

DELIVER_OUTBOX = "wiring.tasks.deliver_outbox"


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker
    jobs: JobQueue
    adapters: dict[str, object] = field(default_factory=dict)  # payments, messaging, storage, rasa, finance

    def uow(self, bind: Connection | None = None) -> UnitOfWork:
        """A unit of work; `bind` keeps its session on one connection across several transactions."""
        factory = partial(self.session_factory, bind=bind) if bind is not None else self.session_factory
        return UnitOfWork(factory, dispatch=lambda ids: dispatch_outbox(self.jobs, ids), job_queue=self.jobs)


def dispatch_outbox(jobs: JobQueue, message_ids) -> None:
    for message_id in message_ids:
        jobs.enqueue(DELIVER_OUTBOX, message_id)


def build(settings: Settings | None = None) -> Container:
    """This process's container: refuses a production misconfiguration or an unhandled outbox topic."""
    settings = secret_key.completed(production.checked(settings or Settings.from_env()))
    topics.handlers()  # raises UnhandledTopics before anything starts
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine, audit_key=settings.audit_chain_key)
    container = Container(settings=settings, engine=engine, session_factory=factory,
                          jobs=_job_queue(settings), adapters=build_adapters(settings))
    if isinstance(container.jobs, ThreadJobQueue):
        container.jobs.serve(container)  # in-process jobs receive this container, as RQ's worker passes its own
    return container


def build_adapters(settings: Settings) -> dict[str, object]:
    messaging = _messaging(settings)
    return {"storage": _storage(settings), "messaging": messaging, "rasa": _rasa(settings),
            "payments": _payments(settings), "finance": FinanceConfig.from_settings(settings),
            "otp": _otp(settings, messaging), "rate_limits": RateLimits.for_redis(settings.redis_url),
            "sms": _sms(settings), "email": _email(settings), "sns": _sns()}


def _storage(settings: Settings):
    if settings.storage_provider == "s3":
        from adapters.s3 import S3Storage
        return S3Storage.from_settings(settings)
    return LocalStorage(settings.storage_dir, secret=settings.secret_key, base_url=settings.public_base_url)


def _messaging(settings: Settings):
    if settings.messaging_provider == "twilio":
        from adapters.twilio_whatsapp import TwilioWhatsApp
        return TwilioWhatsApp.from_settings(settings)
    if settings.messaging_provider == "gupshup":
        from adapters.gupshup import GupshupWhatsApp
        return GupshupWhatsApp.from_settings(settings)
    if settings.messaging_provider == "interakt":
        from adapters.interakt import InteraktWhatsApp
        return InteraktWhatsApp.from_settings(settings)
    if settings.messaging_provider != "sandbox":
        raise ValueError(f"unknown messaging provider {settings.messaging_provider!r} "
                         "(sandbox, twilio, gupshup or interakt)")
    from notifications.providers.sandbox import SandboxMessaging
    return SandboxMessaging()


def _sms(settings: Settings):
    if settings.sms_provider == "gupshup":
        from adapters.gupshup_sms import GupshupSms
        return GupshupSms.from_settings(settings)
    if settings.sms_provider != "sandbox":
        raise ValueError(f"unknown SMS provider {settings.sms_provider!r} (sandbox or gupshup)")
    from adapters.sandbox_channels import SandboxSms
    return SandboxSms()


def _email(settings: Settings):
    if settings.email_provider == "ses":
        from adapters.ses import SesEmail
        return SesEmail.from_settings(settings)
    if settings.email_provider == "postmark":
        from adapters.postmark import PostmarkEmail
        return PostmarkEmail.from_settings(settings)
    if settings.email_provider != "sandbox":
        raise ValueError(f"unknown email provider {settings.email_provider!r} (sandbox, ses or postmark)")
    from adapters.sandbox_channels import SandboxEmail
    return SandboxEmail()


def _sns():
    """Checks the SNS messages SES delivery events arrive in."""
    from adapters.sns import SnsVerifier
    return SnsVerifier()


def _otp(settings: Settings, messaging):
    """Who makes sign-in codes: we do (sent over WhatsApp by `messaging`), or Twilio Verify."""
    if settings.otp_provider == "twilio_verify":
        from adapters.twilio_verify import TwilioVerifyCodes
        return TwilioVerifyCodes.from_settings(settings)
    if settings.otp_provider != "local":
        raise ValueError(f"unknown OTP provider {settings.otp_provider!r} (local or twilio_verify)")
    return LocalCodes(messaging, settings.secret_key or "dev-only-not-secret",
                      show_in_log=settings.messaging_provider == "sandbox")


def _rasa(settings: Settings):
    from adapters.rasa import RasaClient
    return RasaClient.from_settings(settings)


def _payments(settings: Settings):
    if settings.payment_provider == "razorpay":
        from adapters.razorpay import RazorpayProvider
        return RazorpayProvider.from_settings(settings)
    if settings.payment_provider != "sandbox":
        raise ValueError(f"unknown payment provider {settings.payment_provider!r} (sandbox or razorpay)")
    from core.payments.sandbox import SandboxProvider
    return SandboxProvider(base_url=settings.public_base_url, webhook_secret=sandbox_webhook_secret(settings))


def sandbox_webhook_secret(settings: Settings) -> str:
    """The sandbox signs its webhooks like Razorpay; without a configured secret it derives one."""
    return settings.razorpay_webhook_secret or f"sandbox:{settings.secret_key}"


def _job_queue(settings: Settings) -> JobQueue:
    if not settings.redis_url:
        return ThreadJobQueue()
    from adapters.rq_jobs import RQJobQueue
    return RQJobQueue(settings.redis_url)
