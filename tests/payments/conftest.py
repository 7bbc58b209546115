"""Payments fixtures: a sandbox provider that records calls, and shortcuts to a paid booking."""
from __future__ import annotations

import itertools
import json
from types import SimpleNamespace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core import outbox
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.models.outbox import OutboxMessage
from core.models.payments import Payment
from core.payments import checkout, webhooks
from core.payments.config import FinanceConfig
from core.payments.provider import ProviderObject
from core.payments.sandbox import SandboxProvider, events_for
from core.payments.subscribers import SUBSCRIPTIONS

SECRET = "whsec-test"
FINANCE = FinanceConfig()  # the default fees, thresholds and GSTIN
_events = itertools.count(1)


class RecordingProvider(SandboxProvider):
    """The sandbox provider, remembering every call so tests can count money movements."""

    def __init__(self) -> None:
        super().__init__(base_url="http://medezy.test", webhook_secret=SECRET)
        self.calls: list[tuple[str, dict]] = []
        self.refund_status = "processed"

    def create_link(self, request):
        self.calls.append(("create_link", {"request": request}))
        return super().create_link(request)

    def cancel_link(self, link_id):
        self.calls.append(("cancel_link", {"link_id": link_id}))

    def refund(self, **kw):
        self.calls.append(("refund", kw))
        return ProviderObject(id=f"rfnd_rec{len(self.calls)}", status=self.refund_status)

    def transfer(self, **kw):
        self.calls.append(("transfer", kw))
        return super().transfer(**kw)

    def release_transfer(self, transfer_id):
        self.calls.append(("release_transfer", {"transfer_id": transfer_id}))

    def reverse_transfer(self, **kw):
        self.calls.append(("reverse_transfer", kw))
        return super().reverse_transfer(**kw)

    def named(self, name: str) -> list[dict]:
        return [kw for call, kw in self.calls if call == name]


@pytest.fixture
def provider() -> RecordingProvider:
    return RecordingProvider()


@pytest.fixture
def fake():
    """A local Razorpay API (tests.payments.fake_razorpay) for the real razorpay client."""
    from tests.payments.fake_razorpay import FakeRazorpay
    server = FakeRazorpay().start()
    yield server
    server.stop()


@pytest.fixture
def pay(session, factories, provider):
    return Payments(session, factories, provider)


@pytest.fixture
def any_pay(any_session, any_factories, provider):
    """The same shortcuts on PostgreSQL and on SQLite (the embedded default)."""
    return Payments(any_session, any_factories, provider)


class Payments:
    """Shortcuts that drive bookings and payments the way production does."""

    def __init__(self, session, factories, provider: RecordingProvider) -> None:
        self.session, self.f, self.provider = session, factories, provider
        # What the process container gives outbox handlers: these adapters, no job queue or database of its own.
        self.c = SimpleNamespace(adapters={"payments": provider, "finance": FINANCE})
        # Other tests commit rows into the same database; deliver only what this test emits.
        self.outbox_floor = session.scalar(select(func.coalesce(func.max(OutboxMessage.id), 0)))

    def hold(self, *, slot=None, patient=None, now=None, **slot_kw):
        patient = patient or self.f.patient()
        slot = slot or self.f.slot(**slot_kw)
        return bookings.hold(self.session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                             patient=bookings.PatientDetails(name="Priya Patel", age=34), now=now)

    def staff(self, role=None) -> Actor:
        from core.models.users import Role
        return Actor.of(self.f.staff(role or Role.SUPPORT_AGENT))

    def checkout(self, booking, now=None) -> Payment:
        return checkout.start_checkout(self.session, booking_id=booking.id, provider=self.provider, now=now, finance=FINANCE)

    def events(self, payment: Payment, *, paid: bool = True) -> list[tuple[str, bytes]]:
        return events_for(link_id=payment.provider_link_id, reference_id=str(payment.id),
                          amount_paise=payment.amount_paise, paid=paid)

    def send(self, body: bytes, event_id: str | None = None, now=None, signature: str | None = None) -> str:
        return webhooks.receive(self.session, body=body, signature=signature or self.provider.sign(body),
                                event_id=event_id or f"evt_t{next(_events)}", provider=self.provider, now=now, finance=FINANCE)

    def webhook(self, event: str, now=None, **entities) -> str:
        body = json.dumps({"entity": "event", "event": event, "contains": list(entities),
                           "payload": {k: {"entity": v} for k, v in entities.items()}}).encode()
        return self.send(body, now=now)

    def paid(self, booking=None, now=None, **hold_kw) -> Payment:
        """A booking paid through its link (payment.captured then payment_link.paid)."""
        booking = booking or self.hold(now=now, **hold_kw)
        payment = self.checkout(booking, now=now)
        for event_id, body in self.events(payment):
            self.send(body, event_id, now=now)
        self.session.refresh(payment)
        return payment

    def deliver(self, rounds: int = 5, subscriptions=SUBSCRIPTIONS) -> None:
        """Run payments' outbox subscribers (or those given) in this session, as the worker would after commit."""
        for _ in range(rounds):
            ids = list(self.session.scalars(select(OutboxMessage.id).where(OutboxMessage.delivered_at.is_(None),
                                                                           OutboxMessage.id > self.outbox_floor)
                                            .order_by(OutboxMessage.id)))
            if not ids:
                return
            for message_id in ids:
                outbox.deliver(self.session, message_id, subscriptions, self.c)
            self.session.flush()


def later(minutes: int = 0, **kw):
    return now_utc() + timedelta(minutes=minutes, **kw)
