"""The payment provider and finance config this process uses, installed by its composition root.

Outbox subscribers run as `handler(session, payload)` and cannot be handed adapters, so the composition
root (console.bootstrap) installs them here once at start-up; tests install fakes the same way.
"""
from __future__ import annotations

from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider

_installed: dict[str, object] = {}


def install(*, provider: PaymentProvider, config: FinanceConfig) -> None:
    _installed.update(provider=provider, config=config)


def provider() -> PaymentProvider:
    found = _installed.get("provider")
    if found is None:
        raise RuntimeError("no payment provider installed; console.bootstrap.build() installs one")
    return found  # type: ignore[return-value]


def config() -> FinanceConfig:
    return _installed.get("config") or FinanceConfig()  # type: ignore[return-value]
