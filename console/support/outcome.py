"""How every support form ends: run one unit of work, commit, flash the outcome and go back (303); a domain
refusal flashes its reason and re-renders the page with a 4xx (404 for something that does not exist)."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash, redirect
from sqlalchemy.orm import Session

from console.auth import current_actor
from core.actors import Actor
from core.errors import Conflict, DomainError, Forbidden, IllegalTransition, NotFound, SlotUnavailable

STATUS = ((NotFound, 404), (Forbidden, 403), (IllegalTransition, 409), (SlotUnavailable, 409), (Conflict, 409))


def status_of(error: DomainError) -> int:
    """The HTTP status of a refusal: 409 when the state forbids it, 422 for bad input."""
    return next((code for kind, code in STATUS if isinstance(error, kind)), 422)


def run(work: Callable[[Session, Actor], str], *, done: str, refused: Callable[[int], object]):
    """`work` returns the success message; `refused(status)` renders the page again after a refusal."""
    try:
        with current_app.extensions["medezy"].uow() as uow:
            text = work(uow.session, current_actor())
            uow.commit()
    except DomainError as error:
        status = status_of(error)
        if status == 404:
            abort(404, str(error))
        flash(str(error), "error")
        return refused(status)
    flash(text, "success")
    return redirect(done, code=303)
