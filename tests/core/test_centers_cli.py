"""`medezy centers expiring` names the documents to renew and exits 1 while there are any."""
from datetime import timedelta

from click.testing import CliRunner

from console.cli import main
from core.clock import IST, now_utc
from tests.factories import Factories


def test_expiring_documents_are_listed_and_fail_the_command(container):
    with container.session_factory() as session:
        f = Factories(session)
        center = f.center(name="Lotus Renewals")
        f.center_document(center, "aerb", expires_on=now_utc().astimezone(IST).date() + timedelta(days=9))
        session.commit()
    result = CliRunner().invoke(main, ["centers", "expiring", "--within", "10"], obj=container)
    assert result.exit_code == 1
    assert f"Lotus Renewals (center {center.id}): AERB licence expires in 9 days" in result.output
