"""Reconcile the payment provider's settlement report against our own payments and refunds.

The report is Razorpay's settlement recon (`GET /v1/settlements/recon/combined`, or the same columns
exported from the Dashboard): one item per settled payment, refund, transfer or adjustment, amounts in paise.
Anything that does not match is listed for finance; nothing is changed here.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models.payments import Payment
from core.models.refunds import Refund, RefundStatus

CHECKED_TYPES = ("payment", "refund")
MAX_ITEMS = 200_000  # a month of settlements many times over  # transfers and adjustments are Route's and the provider's own


@dataclass(frozen=True)
class ReportItem:
    entity_id: str
    type: str
    amount_paise: int
    fee_paise: int = 0
    tax_paise: int = 0

    @classmethod
    def parse(cls, raw: object) -> "ReportItem":
        """One item of the provider's report; a malformed one is a clear error naming what is wrong."""
        if not isinstance(raw, dict):
            raise ValidationError("Each report item must be an object.")
        try:
            return cls(str(raw["entity_id"]), str(raw["type"]), _paise(raw["amount"]),
                       _paise(raw.get("fee") or 0), _paise(raw.get("tax") or 0))
        except KeyError as missing:
            raise ValidationError(f"Report item {raw.get('entity_id', '?')} has no {missing.args[0]}.") from None


@dataclass(frozen=True)
class Mismatch:
    entity_id: str
    problem: str  # "unknown", "amount", "not_captured", "not_processed"
    ours_paise: int | None
    theirs_paise: int


def read_report(data: bytes) -> list[ReportItem]:
    """The items of an uploaded report: the API's JSON (`{"items": [...]}` or a list) or the Dashboard's CSV."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The report must be a UTF-8 CSV or JSON file.") from None
    raw = _json_items(text) if text.lstrip().startswith(("{", "[")) else list(csv.DictReader(io.StringIO(text)))
    if not raw:
        raise ValidationError("The report holds no items.")
    if len(raw) > MAX_ITEMS:
        raise ValidationError(f"Upload at most {MAX_ITEMS:,} items at a time; split the period.")
    return [ReportItem.parse(item) for item in raw]


def _json_items(text: str) -> list:
    try:
        parsed = json.loads(text)
    except ValueError:
        raise ValidationError("The report is not valid JSON.") from None
    items = parsed.get("items") if isinstance(parsed, dict) else parsed
    if not isinstance(items, list):
        raise ValidationError("A JSON report is a list of items, or an object with an 'items' list.")
    return items


def reconcile(session: Session, *, items: list[ReportItem]) -> list[Mismatch]:
    """Every settled payment or refund the report lists that our books do not agree with."""
    checked = [item for item in items if item.type in CHECKED_TYPES]
    payments = _by_id(session, Payment.provider_payment_id, [i.entity_id for i in checked if i.type == "payment"])
    refunds = _by_id(session, Refund.provider_refund_id, [i.entity_id for i in checked if i.type == "refund"])
    found = [_check_payment(i, payments.get(i.entity_id)) if i.type == "payment"
             else _check_refund(i, refunds.get(i.entity_id)) for i in checked]
    return [mismatch for mismatch in found if mismatch is not None]


def _check_payment(item: ReportItem, payment: Payment | None) -> Mismatch | None:
    if payment is None:
        return Mismatch(item.entity_id, "unknown", None, item.amount_paise)
    if not payment.status.captured:
        return Mismatch(item.entity_id, "not_captured", payment.amount_paise, item.amount_paise)
    if payment.amount_paise != item.amount_paise:
        return Mismatch(item.entity_id, "amount", payment.amount_paise, item.amount_paise)
    return None


def _check_refund(item: ReportItem, refund: Refund | None) -> Mismatch | None:
    if refund is None:
        return Mismatch(item.entity_id, "unknown", None, item.amount_paise)
    if refund.status is not RefundStatus.PROCESSED:
        return Mismatch(item.entity_id, "not_processed", refund.amount_paise, item.amount_paise)
    if refund.amount_paise != item.amount_paise:
        return Mismatch(item.entity_id, "amount", refund.amount_paise, item.amount_paise)
    return None


def _by_id(session: Session, column, ids: list[str]) -> dict:
    if not ids:
        return {}
    return {getattr(row, column.key): row for row in session.scalars(select(column.class_).where(column.in_(ids)))}


def _paise(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).lstrip("-").isdigit():
        raise ValidationError(f"Amounts in the report are whole paise; got {value!r}.")
    return int(value)
