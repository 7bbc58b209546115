"""Composition root: the one place that turns settings into adapters for a process.

The console, the worker and the action server each call `container()`; tests call `use(...)` with a
container built on their own database and adapters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import sessionmaker

from core.db import make_engine, make_session_factory
from core.jobs import JobQueue, ThreadJobQueue
from core.settings import Settings
from core.storage import LocalStorage
from core.uow import UnitOfWork

DELIVER_OUTBOX = "console.tasks.deliver_outbox"


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker
    jobs: JobQueue
    adapters: dict[str, object] = field(default_factory=dict)  # payments, messaging, storage...

    def uow(self, bind: Connection | None = None) -> UnitOfWork:
        """A unit of work; `bind` keeps its session on one connection across several transactions."""
        factory = partial(self.session_factory, bind=bind) if bind is not None else self.session_factory
        return UnitOfWork(factory, dispatch=partial(dispatch_outbox, self.jobs), job_queue=self.jobs)


def dispatch_outbox(jobs: JobQueue, message_ids) -> None:
    for message_id in message_ids:
        jobs.enqueue(DELIVER_OUTBOX, message_id)


def build(settings: Settings | None = None) -> Container:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    return Container(settings=settings, engine=engine, session_factory=make_session_factory(engine),
                     jobs=_job_queue(settings), adapters={"storage": _storage(settings),
                                                          "messaging": _messaging(settings),
                                                          "rasa": _rasa(settings),
                                                          "payments": _payments(settings),
                                                          "sms": _sms(settings), "email": _email(settings),
                                                          "sns": _sns()})


def _storage(settings: Settings):
    if settings.storage_provider == "s3":
        from console.providers.s3 import S3Storage
        return S3Storage.from_settings(settings)
    return LocalStorage(settings.storage_dir, secret=settings.secret_key or "dev-only-not-secret",
                        base_url=settings.public_base_url)


def _messaging(settings: Settings):
    """The WhatsApp sender (the bot's replies and notifications alike)."""
    if settings.messaging_provider == "twilio":
        from notifications.providers.twilio_whatsapp import TwilioWhatsApp
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


def _sns():
    """Checks the SNS messages SES delivery events arrive in."""
    from adapters.sns import SnsVerifier
    return SnsVerifier()


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


def _rasa(settings: Settings):
    from console.gateway.rasa import RasaClient
    return RasaClient.from_settings(settings)


def _payments(settings: Settings):
    """The payment provider; also installed for core.payments' outbox subscribers."""
    from core.payments import adapters
    from core.payments.config import FinanceConfig
    if settings.payment_provider == "razorpay":
        from console.providers.razorpay import RazorpayProvider
        provider = RazorpayProvider.from_settings(settings)
    elif settings.payment_provider == "sandbox":
        from core.payments.sandbox import SandboxProvider
        provider = SandboxProvider(base_url=settings.public_base_url, webhook_secret=sandbox_webhook_secret(settings))
    else:
        raise ValueError(f"unknown payment provider {settings.payment_provider!r} (sandbox or razorpay)")
    adapters.install(provider=provider, config=FinanceConfig.from_settings(settings))
    return provider


def sandbox_webhook_secret(settings: Settings) -> str:
    """The sandbox signs its webhooks like Razorpay; without a configured secret it derives one."""
    return settings.razorpay_webhook_secret or f"sandbox:{settings.secret_key or 'dev-only-not-secret'}"


def _job_queue(settings: Settings) -> JobQueue:
    if not settings.redis_url:
        return ThreadJobQueue()
    from console.rq_jobs import RQJobQueue
    return RQJobQueue(settings.redis_url)


_current: Container | None = None


def container() -> Container:
    """This process's container, built from the environment on first use."""
    global _current
    if _current is None:
        _current = build()
    return _current


def use(new: Container | None) -> None:
    """Install a container for this process (tests, CLI commands with explicit settings)."""
    global _current
    _current = new
