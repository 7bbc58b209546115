"""`medezy migrate` + `medezy seed` build a realistic data set on the embedded default."""
from click.testing import CliRunner
from sqlalchemy import func, select

from console.cli import main
from core import audit_seal, audit_verify
from core.db import make_engine, make_session_factory
from core.models import Booking, BookingStatus, Center, City, Role, Service, Slot, User
from core.settings import Settings
from wiring.container import build


def test_seed_creates_every_kind_of_data_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    container, runner = build(Settings(database_url=url)), CliRunner()
    assert runner.invoke(main, ["migrate"], obj=container).exit_code == 0
    first = runner.invoke(main, ["seed", "--days", "3"], obj=container)
    second = runner.invoke(main, ["seed", "--days", "3"], obj=container)
    container.engine.dispose()
    assert first.exit_code == 0, first.output
    assert "skipped" in second.output
    key = container.settings.audit_chain_key
    with make_session_factory(make_engine(url), audit_key=key)() as s:  # the key the seed chained under
        count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(City) >= 8 and count(Center) >= 40 and count(Service) >= 15
        assert count(Slot) > 40 * 7 * 10
        assert set(s.scalars(select(User.role).distinct())) >= set(Role) - {Role.SYSTEM}
        assert set(s.scalars(select(Booking.status).distinct())) == set(BookingStatus)
        assert audit_seal.seal(s, limit=1_000_000) > 0  # what the demo's minute sweep does
        s.commit()
        report = audit_verify.verify(s)
        assert report.ok and report.awaiting_seal == 0, report.problem


def test_seeded_history_messages_nobody(sqlite_session):
    from core.models import OutboxMessage
    from core.seed import seed
    seed(sqlite_session, days=2)
    sqlite_session.commit()
    undelivered = sqlite_session.scalar(select(func.count()).select_from(OutboxMessage)
                                        .where(OutboxMessage.delivered_at.is_(None)))
    assert undelivered == 0 and sqlite_session.scalar(select(func.count()).select_from(OutboxMessage)) > 0
