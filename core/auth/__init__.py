"""Signing in: phone one-time codes (our own or Twilio Verify), optional staff passwords, rate limits,
and server-side sessions. No web framework here; console.auth is the browser side."""
