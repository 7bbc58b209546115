"""Center operations outside the panels: the `medezy centers` commands."""
