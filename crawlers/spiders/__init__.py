"""Scrapy spiders, one per module, each driven by a validated source record."""
