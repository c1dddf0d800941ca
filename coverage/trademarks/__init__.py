"""Trademark coverage: term rules, standing of marks, the matrix, gaps, advice, filing plan.

Imports the root of `coverage` only, never `coverage.patents` or `coverage.imports`.
"""
