"""Notifications: queue a message per channel once, send it through a channel adapter, track its state.

core decides (dedup, consent, quiet hours, reminders, state); notifications/ holds the texts and the
outbox handlers; adapters/ the vendors. core/notify imports no vendor SDK.
"""
