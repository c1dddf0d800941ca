"""Enforcement domain: the similarity engine and the watch list; later alerts, cases and evidence.

Pure domain code: may import `coverage`; never Flask, Werkzeug, Scrapy, APScheduler, `monitor`
or `crawlers`.
"""
