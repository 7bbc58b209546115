"""Sign-in is wired by configuration, and the migration builds exactly the tables the models declare."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from adapters.twilio_verify import TwilioVerifyCodes
from wiring import container as bootstrap
from core.auth.codes import LocalCodes
from core.db import Base, make_engine
from core.settings import Settings
from notifications.providers.sandbox import SandboxMessaging


def test_the_otp_provider_is_chosen_by_configuration():
    assert isinstance(bootstrap._otp(Settings(), SandboxMessaging()), LocalCodes)
    verify = Settings(otp_provider="twilio_verify", twilio_account_sid="AC" + "a" * 32, twilio_auth_token="t",
                      twilio_verify_service_sid="VA" + "b" * 32)
    assert isinstance(bootstrap._otp(verify, SandboxMessaging()), TwilioVerifyCodes)
    with pytest.raises(ValueError, match="local or twilio_verify"):
        bootstrap._otp(Settings(otp_provider="firebase"), SandboxMessaging())


def test_settings_read_the_sign_in_switches_from_the_environment():
    settings = Settings.from_env({"MEDEZY_OTP_PROVIDER": "twilio_verify", "MEDEZY_STAFF_PASSWORD_SIGN_IN": "true",
                                  "MEDEZY_ENV": "production"})
    assert (settings.otp_provider, settings.staff_password_sign_in, settings.is_production) == ("twilio_verify", True, True)
    assert Settings.from_env({}).staff_password_sign_in is False
    with pytest.raises(ValueError, match="true or false"):
        Settings.from_env({"MEDEZY_STAFF_PASSWORD_SIGN_IN": "maybe"})


@pytest.mark.parametrize("url_fixture", ["pg_url", "sqlite_url"])
def test_the_auth_tables_match_their_models(request, url_fixture):
    engine = make_engine(request.getfixturevalue(url_fixture))
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    ours = [d for d in diff if any(name in str(d) for name in ("otp_challenges", "auth_sessions"))]
    assert ours == []
