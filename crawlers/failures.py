"""What a crawl gave up on, and why: a failed request sorted into a short kind a person can read."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure


@dataclass(frozen=True)
class CrawlFailure:
    """A request the crawl gave up on: its URL, a short kind and the reason."""

    url: str
    kind: str  # http_<status>, timeout, too_large, redirect_loop, robots, not_html, not_image,
    # bad_picture, or the class name of any other error (DNSLookupError, …)
    reason: str


def classify_failure(failure: Failure) -> tuple[str, str]:
    """Return (kind, reason) for a failed request."""
    exc = failure.value
    reason = str(exc) or type(exc).__name__
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", f"HTTP {exc.response.status}"
    # Scrapy's own exception classes changed across versions: match names and messages too
    if isinstance(exc, TimeoutError | TCPTimedOutError) or "timeout" in type(exc).__name__.lower():
        return "timeout", reason
    lowered = reason.lower()
    if "max size" in lowered or "maxsize" in lowered or "larger than" in lowered:
        return "too_large", reason
    if "max redirections" in lowered:
        return "redirect_loop", reason
    if "robots.txt" in lowered:
        return "robots", reason
    return type(exc).__name__, reason
