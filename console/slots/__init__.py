"""Slot operations outside the panels: the `medezy slots` commands and the upload import job."""
