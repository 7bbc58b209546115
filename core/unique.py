"""Inserting a row that a unique constraint may refuse, turning the clash into a Conflict the user can read."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import Conflict


def insert_or_conflict(session: Session, obj: object, message: str) -> None:
    """Add and flush `obj` in a savepoint; a unique clash (a race the database decides) raises Conflict(message)
    and leaves the session usable."""
    try:
        with session.begin_nested():
            session.add(obj)
            session.flush()
    except IntegrityError as error:
        raise Conflict(message) from error
