"""Reads of the web edge's own tables (users, API tokens); keyword-only `session=`, never commits."""
