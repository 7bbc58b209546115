"""The action server's composition root: `python -m wiring.action_server [--host H] [--port P]`.

Builds the container once, hands it to the actions (bot.actions.start), then serves rasa-sdk's action
endpoint in this one process. rasa-sdk's own runner (`python -m rasa_sdk`) would serve from a fresh
worker process that never saw the container, and listens on every interface; we listen on loopback
unless told otherwise (compose passes --host 0.0.0.0 on its private network).
"""
from __future__ import annotations

import argparse
import logging
import sys

from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

import bot.actions
from core.settings import Settings
from wiring.container import Container, build
from wiring.production import StartupRefused

ACTIONS_PACKAGE = "bot.actions"


def build_app(container: Container, *, endpoints: str = "endpoints.yml") -> Sanic:
    """rasa-sdk's action endpoint, its actions running on `container`."""
    bot.actions.start(container)
    executor = ActionExecutor()
    executor.register_package(ACTIONS_PACKAGE)
    # No CORS: only the rasa server calls us, never a browser.
    return create_app_for_serve(executor, cors_origins="", endpoints=endpoints)


def main(argv: list[str] | None = None, settings: Settings | None = None) -> None:
    args = _arguments().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        container = build(settings)
    except StartupRefused as refused:
        sys.exit(f"action server refused to start: {refused}")
    app = build_app(container, endpoints=args.endpoints)
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m wiring.action_server", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--endpoints", default="endpoints.yml", help="rasa-sdk tracing settings, if any")
    return parser


if __name__ == "__main__":
    main()
