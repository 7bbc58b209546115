"""The booking aggregate: slot claims, the status lifecycle, availability search and sweeps."""
