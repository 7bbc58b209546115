"""Provider webhooks: verify, de-duplicate by event id, then apply the event.

The signature is checked over the raw body before anything is parsed. The event id is stored under a
unique constraint in the same transaction as the change it causes, so a replay (Razorpay delivers at
least once) finds it and changes nothing. Handlers are idempotent too, because the same fact arrives
under different events (payment.captured and payment_link.paid) in either order.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import ValidationError
from core.models.payments import Payment
from core.models.webhook_events import WebhookEvent
from core.payments import capture, refund_sending, settlement_accounts, transfers
from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider


Handler = Callable[[Session, dict, datetime, FinanceConfig], str]  # (session, payload, now, finance)
MAX_DEPTH = 16  # Razorpay's events nest four levels deep; deeper is not from Razorpay
_PROVIDER_ID = re.compile(r"[A-Za-z0-9_]{1,64}")  # pay_29QQoUBi66xm2f, plink_..., rfnd_..., trf_...


class BadWebhook(ValidationError):
    """The request is not a webhook we accept; nothing was changed."""


def receive(session: Session, *, body: bytes, signature: str | None, event_id: str | None,
            provider: PaymentProvider, finance: FinanceConfig, now: datetime | None = None) -> str:
    """Apply one webhook delivery; returns what happened (for the log and the response)."""
    # A hex digest is ASCII; hmac.compare_digest raises on anything else, which would be a 500.
    if not signature or not signature.isascii() or not provider.verify_webhook(body, signature):
        raise BadWebhook("The webhook signature does not match.")
    event = _parse(body)
    name = event.get("event")
    if not isinstance(name, str) or name not in HANDLERS:
        raise BadWebhook(f"Event {name!r} is not one MedEzy handles.")
    if not event_id or not event_id.isascii() or not event_id.isprintable() or len(event_id) > 64:
        raise BadWebhook("The x-razorpay-event-id header is missing or too long.")
    record = _claim(session, provider.name, event_id, name, event)
    if record is None:
        return f"event {event_id} already handled"
    record.outcome = HANDLERS[name](session, event["payload"], now or now_utc(), finance)[:200]
    return record.outcome


def _parse(body: bytes) -> dict:
    try:
        event = json.loads(body, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BadWebhook("The webhook body is not valid JSON.") from error
    if not isinstance(event, dict) or not isinstance(event.get("payload"), dict):
        raise BadWebhook("The webhook body has no payload object.")
    _check_storable(event, depth=0)
    return event


def _no_constant(name: str) -> None:
    raise BadWebhook(f"The webhook body contains {name}, which JSON does not allow.")


def _check_storable(value: object, *, depth: int) -> None:
    """Refuse what the event log (a Postgres json column) cannot hold, before anything is written."""
    if depth > MAX_DEPTH:
        raise BadWebhook(f"The webhook body nests deeper than {MAX_DEPTH} levels.")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_storable(item, depth=depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_storable(item, depth=depth + 1)
    elif isinstance(value, str):
        _check_text(value)
    elif isinstance(value, float) and not math.isfinite(value):
        raise BadWebhook("The webhook body has a number out of range.")


def _check_text(text: str) -> None:
    # JSON may spell a NUL (\u0000) or a lone surrogate (\ud800); Postgres text can hold neither.
    if "\x00" in text or _has_surrogate(text):
        raise BadWebhook("The webhook body has text no Razorpay event contains (NUL or a lone surrogate).")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _claim(session: Session, provider: str, event_id: str, name: str, event: dict) -> WebhookEvent | None:
    seen = select(WebhookEvent.id).where(WebhookEvent.provider == provider, WebhookEvent.event_id == event_id)
    if session.scalar(seen) is not None:
        return None
    record = WebhookEvent(provider=provider, event_id=event_id, event=name, payload=event)
    try:
        with session.begin_nested():  # a concurrent delivery of the same event waits here, then loses
            session.add(record)
    except IntegrityError:
        return None
    return record


def _entity(payload: dict, key: str) -> dict:
    wrapper = payload.get(key)
    entity = wrapper.get("entity") if isinstance(wrapper, dict) else None
    if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
        raise BadWebhook(f"The webhook payload has no {key} entity.")
    if not _PROVIDER_ID.fullmatch(entity["id"]):
        raise BadWebhook(f"The webhook's {key} id is not one Razorpay issues.")
    return entity


def _our_id(raw: object) -> int | None:
    """Our row id as it travels in notes / reference_id; None unless it is one (never a 500 on '²')."""
    text = str(raw or "")
    return int(text) if text.isascii() and text.isdigit() and int(text) < 2**31 else None


def _amount(entity: dict) -> int:
    amount = entity.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise BadWebhook("The webhook amount is not a positive number of paise.")
    return amount


def _our_payment(session: Session, *, payment: dict, link: dict | None = None) -> Payment | None:
    """Our payment row: by link id / reference id, by the id in the notes, or by the provider payment id."""
    if link is not None:
        found = session.scalar(select(Payment).where(Payment.provider_link_id == link["id"]))
        if found is not None:
            return found
    notes = payment.get("notes") if isinstance(payment.get("notes"), dict) else {}
    ours = _our_id(notes.get("medezy_payment_id") or (link or {}).get("reference_id"))
    if ours is not None:
        return session.get(Payment, ours)
    return session.scalar(select(Payment).where(Payment.provider_payment_id == payment["id"]))


def _captured(session: Session, payload: dict, now: datetime, finance: FinanceConfig) -> str:
    payment = _entity(payload, "payment")
    link = _entity(payload, "payment_link") if "payment_link" in payload else None
    amount = _amount(payment)
    ours = _our_payment(session, payment=payment, link=link)
    if ours is None:
        return f"payment {payment['id']} matches none of ours; ops must reconcile"
    return capture.captured(session, payment_id=ours.id, provider_payment_id=payment["id"], amount_paise=amount,
                            finance=finance, now=now)


def _failed(session: Session, payload: dict, now: datetime, _finance: FinanceConfig) -> str:
    payment = _entity(payload, "payment")
    ours = _our_payment(session, payment=payment)
    if ours is None:
        return f"failed payment {payment['id']} matches none of ours"
    return capture.failed(session, payment_id=ours.id, reason=str(payment.get("error_description") or ""), now=now)


def _link_expired(session: Session, payload: dict, now: datetime, _finance: FinanceConfig) -> str:
    link = _entity(payload, "payment_link")
    ours = session.scalar(select(Payment).where(Payment.provider_link_id == link["id"]))
    if ours is None:
        return f"link {link['id']} is not ours"
    return capture.link_expired(session, payment_id=ours.id, now=now)


def _refund(processed: bool) -> Handler:
    def handle(session: Session, payload: dict, now: datetime, _finance: FinanceConfig) -> str:
        refund = _entity(payload, "refund")
        notes = refund.get("notes") if isinstance(refund.get("notes"), dict) else {}
        error = refund.get("error") if isinstance(refund.get("error"), dict) else {}
        reason = str(error["description"])[:500] if error.get("description") else None
        ours = _our_id(notes.get("medezy_refund_id"))
        return refund_sending.confirm(session, provider_refund_id=refund["id"], processed=processed,
                                      refund_id=str(ours) if ours is not None else "", reason=reason, now=now)
    return handle


def _transfer(processed: bool) -> Handler:
    def handle(session: Session, payload: dict, now: datetime, _finance: FinanceConfig) -> str:
        transfer = _entity(payload, "transfer")
        return transfers.confirm(session, provider_transfer_id=transfer["id"], processed=processed, now=now)
    return handle


def _route_product(session: Session, payload: dict, now: datetime, _finance: FinanceConfig) -> str:
    product = _entity(payload, "merchant_product")
    return settlement_accounts.apply_activation(session, product_id=str(product.get("id")),
                                                activation_status=str(product.get("activation_status")))


HANDLERS: dict[str, Handler] = {
    "payment_link.paid": _captured,
    "payment.captured": _captured,
    "payment.failed": _failed,
    "payment_link.expired": _link_expired,
    "refund.processed": _refund(processed=True),
    "refund.failed": _refund(processed=False),
    "transfer.processed": _transfer(processed=True),
    "transfer.failed": _transfer(processed=False),
    "product.route.under_review": _route_product,
    "product.route.needs_clarification": _route_product,
    "product.route.activated": _route_product,
}
