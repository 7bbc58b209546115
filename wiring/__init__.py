"""Composition roots: one per kind of process (console, worker, action server).

Each builds the process container once from settings (wiring.container.build), refusing to start on a
production misconfiguration or an outbox topic nobody handles, and hands it to whoever needs it.
"""
