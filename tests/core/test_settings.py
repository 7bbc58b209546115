from core.settings import Settings


def test_secrets_never_appear_in_repr():
    settings = Settings.from_env({"MEDEZY_RAZORPAY_KEY_SECRET": "rzp_secret_value",
                                  "TWILIO_AUTH_TOKEN": "twilio-token-value", "MEDEZY_HOLD_MINUTES": "15"})
    assert settings.hold_minutes == 15
    assert settings.razorpay_key_secret == "rzp_secret_value"
    assert "rzp_secret_value" not in repr(settings) and "twilio-token-value" not in repr(settings)


def test_embedded_default_needs_no_services():
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite") and settings.redis_url == ""
