"""Unit of work: one transaction that commits only when told and rolls back otherwise."""
from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from core import jobs, outbox


class UnitOfWork:
    """`with UnitOfWork(factory) as uow: ...; uow.commit()`: leaving without commit rolls back."""

    def __init__(self, session_factory: sessionmaker, dispatch: outbox.Dispatcher | None = None,
                 job_queue: "jobs.JobQueue | None" = None):
        self._session_factory = session_factory
        self._dispatch = dispatch
        self._jobs = job_queue
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        return self

    def __exit__(self, *exc_info) -> None:
        self.rollback()
        self.session.close()

    def commit(self) -> None:
        """Commit, then hand the events emitted in this transaction to the job queue."""
        self.session.flush()
        new_ids = [m.id for m in outbox.pop_new(self.session)]
        after = jobs.pop_after_commit(self.session)
        self.session.commit()
        if self._dispatch:
            outbox.safe_dispatch(self._dispatch, new_ids)
        if self._jobs:
            jobs.run_after_commit(self._jobs, after)

    def rollback(self) -> None:
        outbox.forget_new(self.session)
        jobs.pop_after_commit(self.session)
        self.session.rollback()
