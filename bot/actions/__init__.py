"""The action server's actions (rasa-sdk imports this package and every module in it).

rasa-sdk creates each Action itself, without arguments, so the process container cannot reach them
through a constructor. The action server's composition root (wiring.action_server) builds it once at
start-up and hands it to this package root before the server takes any request; tests do the same.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wiring.container import Container

_container: Container | None = None


def start(container: Container | None) -> None:
    """Give the actions this process's container (None takes it back)."""
    global _container
    _container = container


def running_container() -> Container:
    if _container is None:
        raise RuntimeError("the actions have no container: start the action server with "
                           "`python -m wiring.action_server` (tests: bot.actions.start(container))")
    return _container
