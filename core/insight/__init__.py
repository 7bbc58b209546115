"""Figures the dashboards, analytics pages and partner scorecards show. Each figure is defined once here,
computed by aggregate SQL (never by loading rows into Python), and tested against hand-computed data."""
