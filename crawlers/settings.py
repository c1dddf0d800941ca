"""Polite Scrapy settings for every crawl, and the per-source adjustments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crawlers.sources import MarketplaceSource

USER_AGENT = "ipwatch/0.1 (trademark monitoring; +https://example.invalid/ipwatch-bot)"

DEFAULTS: dict[str, Any] = {
    "BOT_NAME": "ipwatch",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,  # a source may turn it off explicitly with `robots: false`
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,  # seconds
    "AUTOTHROTTLE_MAX_DELAY": 30.0,  # seconds
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "CONCURRENT_REQUESTS": 8,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY": 1.0,  # seconds; AutoThrottle adjusts from here
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "DOWNLOAD_TIMEOUT": 30,  # seconds
    "DOWNLOAD_MAXSIZE": 5 * 1024 * 1024,  # bytes
    "DOWNLOAD_WARNSIZE": 2 * 1024 * 1024,  # bytes
    "REDIRECT_MAX_TIMES": 5,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "LOG_LEVEL": "INFO",
    # ipwatch's own settings (also set with `--set NAME=VALUE`): pictures kept as evidence
    "PICTURES_PER_LISTING": 4,  # the first N picture URLs of each listing are downloaded
    "PICTURE_MAXSIZE": 5 * 1024 * 1024,  # bytes; a larger picture is refused (too_large)
    "PICTURE_MAX_SIDE": 10_000,  # pixels, width and height each, read before decoding
    "PICTURE_MAX_PIXELS": 40_000_000,  # width x height, read before decoding
}


def build_settings(
    source: MarketplaceSource, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return the settings for crawling `source`: defaults, its robots choice, then overrides."""
    settings = dict(DEFAULTS)
    settings["ROBOTSTXT_OBEY"] = source.robots
    settings.update(overrides or {})
    return settings
