"""Monitoring services: the watch list, crawl and gazette runs, ingestion, sources, alerts.

The composition root of the enforcement half: it reads settings and the clock, starts crawls as
child processes, and hands what they saw to `infringement` to store, screen and alert on.
"""
