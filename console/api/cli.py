"""`medezy tokens create|revoke`: API tokens for centers' systems and staff scripts (acts as the platform)."""
from __future__ import annotations

import click
from sqlalchemy import select

from wiring.commands import command_container
from core import api_tokens
from core.actors import SYSTEM
from core.errors import DomainError
from core.models.centers import Center
from core.models.users import User


@click.group()
def tokens() -> None:
    """API tokens for /api/v1."""


@tokens.command("create")
@click.option("--name", required=True, help="Who will use it, e.g. 'Lotus RIS'.")
@click.option("--center", "center_code", help="Issue for this center (by code): it imports only its own slots.")
@click.option("--user", "email", help="Issue for this staff user (by email): it acts with their permissions.")
def create(name: str, center_code: str | None, email: str | None) -> None:
    """Print a new token once; only its hash is stored."""
    with command_container().uow() as uow:
        try:
            token, secret = api_tokens.create(uow.session, actor=SYSTEM, name=name,
                                              center_id=_id(uow.session, Center, Center.code, center_code),
                                              user_id=_id(uow.session, User, User.email, email))
        except DomainError as error:
            raise click.ClickException(str(error)) from error
        uow.commit()
    click.echo(f"token {token.id} ({token.prefix}...): {secret}")
    click.echo("Keep it now: it is not shown again.", err=True)


@tokens.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Stop a token working at once."""
    with command_container().uow() as uow:
        try:
            api_tokens.revoke(uow.session, actor=SYSTEM, token_id=token_id)
        except DomainError as error:
            raise click.ClickException(str(error)) from error
        uow.commit()
    click.echo(f"token {token_id} revoked")


def _id(session, model, column, value: str | None) -> int | None:
    if value is None:
        return None
    found = session.scalar(select(model.id).where(column == value.strip()))
    if found is None:
        raise click.ClickException(f"No {model.__name__.lower()} {value!r}.")
    return found
