"""Our WhatsApp gateway: signed Twilio webhooks in, a job per message, rasa's replies out (see README.md)."""
