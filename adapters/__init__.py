"""Vendor adapters: each implements one of core's small interfaces and is chosen by configuration."""
