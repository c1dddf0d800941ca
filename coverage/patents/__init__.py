"""Patent layout: term rules, standing of patents, the layout grid, families, deadlines.

Imports the root of `coverage` only, never `coverage.trademarks` or `coverage.imports`.
"""
