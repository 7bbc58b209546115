"""Messaging provider adapters, chosen by `messaging_provider` in the composition root."""
