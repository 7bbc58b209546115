"""The container of one `medezy` command: built on first use in that invocation, from the environment.

Tests pass their own container as click's `obj` (`CliRunner().invoke(main, args, obj=container)`).
"""
from __future__ import annotations

import click

from wiring.container import Container, build
from wiring.production import StartupRefused


def command_container() -> Container:
    root = click.get_current_context().find_root()
    if root.obj is None:
        try:
            root.obj = build()
        except StartupRefused as refused:
            raise click.ClickException(str(refused)) from refused
    return root.obj
