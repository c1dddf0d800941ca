"""Enforcement domain: similarity of marks, watch index, alerts, cases and evidence.

Pure domain code: may import `coverage`, never Flask, Werkzeug, Scrapy, APScheduler, `monitor` or `crawlers`.
"""
