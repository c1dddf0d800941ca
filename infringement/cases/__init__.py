"""Enforcement cases: routes and their stages, deadlines, outcomes, files and complaint packs."""
