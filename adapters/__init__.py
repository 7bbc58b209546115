"""Vendor adapters: each one implements a small interface from core against one vendor's SDK or API."""
