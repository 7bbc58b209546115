"""Slots: bulk import from CSV (one importer for the console upload, the API and the CLI)."""
