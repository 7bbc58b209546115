"""Benchmarks: each prints our figure next to a raw baseline measured in the same run, as a ratio."""
