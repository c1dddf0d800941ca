"""Evidence at capture: a spider base that stores pages and pictures and lists them on each listing.

With an evidence folder, every page read is stored raw and each listing's first pictures are
downloaded (after the pages: lower priority), checked (`crawlers.pictures`) and stored; the
listing is yielded once its pictures are done, whatever became of them. Without an evidence
folder nothing is stored or downloaded and `Listing.evidence` stays empty, so an entry's
`sha256` always names a file in the crawl's evidence folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.evidence import EvidenceStore
from crawlers.failures import CrawlFailure, classify_failure
from crawlers.items import Listing
from crawlers.pictures import PictureLimits, PictureRefused, check_picture
from crawlers.settings import DEFAULTS

# response headers kept with each piece of evidence (lowercase names, first value)
KEPT_HEADERS = ("content-type", "content-length", "last-modified", "etag", "date", "server")
PICTURE_PRIORITY = -10  # pages first: a picture is fetched once nothing more urgent waits


def evidence_entry(kind: str, sha256: str, response: Response) -> dict[str, Any]:
    """Describe one stored response: what, where from, HTTP status, a few headers, size, when."""
    headers: dict[str, str] = {}
    for name in KEPT_HEADERS:
        value = response.headers.get(name)
        if value is not None:
            headers[name] = value.decode("latin-1")
    return {
        "kind": kind,
        "sha256": sha256,
        "url": response.url,
        "status": response.status,
        "headers": headers,
        "content_type": headers.get("content-type"),
        "bytes": len(response.body),
        "captured_at": datetime.now(UTC).isoformat(),
    }


class CapturingSpider(scrapy.Spider):
    """A spider that records its failures and, given an evidence folder, keeps what it read."""

    def __init__(self, *args: Any, evidence_dir: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failures: list[CrawlFailure] = []
        self.evidence_store = EvidenceStore(Path(evidence_dir)) if evidence_dir else None
        self.pictures = 0  # pictures stored
        self._picture_entries: dict[str, dict[str, Any]] = {}  # url -> entry, fetched once
        self._pictures_refused: set[str] = set()  # urls refused or failed, failure recorded once

    def allowed(self, url: str) -> bool:
        """Whether the crawl may fetch `url`; a subclass applies robots.txt (and records refusals)."""
        return True

    def int_setting(self, name: str) -> int:
        """An integer Scrapy setting, or its default when the spider runs without a crawler."""
        settings = getattr(self, "settings", None)
        if settings is None:
            return int(DEFAULTS[name])
        return settings.getint(name, int(DEFAULTS[name]))

    @property
    def picture_limits(self) -> PictureLimits:
        """The size limits a picture must keep to (settings PICTURE_MAXSIZE, _MAX_SIDE, …)."""
        return PictureLimits(
            max_bytes=self.int_setting("PICTURE_MAXSIZE"),
            max_side=self.int_setting("PICTURE_MAX_SIDE"),
            max_pixels=self.int_setting("PICTURE_MAX_PIXELS"),
        )

    def capture_page(self, response: Response) -> dict[str, Any] | None:
        """Store a page's raw bytes; return its evidence entry, or None without a store."""
        if self.evidence_store is None:
            return None
        return evidence_entry("page", self.evidence_store.put(response.body), response)

    def finish_listing(self, listing: Listing) -> Iterator[Listing | scrapy.Request]:
        """Fetch the listing's first pictures one after the other, then yield the listing."""
        if self.evidence_store is None:
            yield listing
            return
        limit = self.int_setting("PICTURES_PER_LISTING")
        urls = [u for u in listing.image_urls if urlsplit(u).scheme in ("http", "https")]
        yield from self._next_picture(listing, urls[:limit])

    def on_picture(self, response: Response, **kwargs: Any) -> Iterator[Listing | scrapy.Request]:
        """Check a downloaded picture, store it when it passes, go on with the next one."""
        listing: Listing = kwargs["listing"]
        url: str = kwargs["url"]
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1")
        try:
            check_picture(response.body, ctype, self.picture_limits)
        except PictureRefused as exc:
            self._pictures_refused.add(url)
            self.add_failure(CrawlFailure(url, exc.kind, f"picture: {exc.reason}"))
        else:
            assert self.evidence_store is not None
            entry = evidence_entry("picture", self.evidence_store.put(response.body), response)
            self._picture_entries[url] = entry
            self.pictures += 1
            listing.evidence.append(dict(entry))
        yield from self._next_picture(listing, kwargs["pending"])

    def on_picture_error(self, failure: Failure) -> Iterator[Listing | scrapy.Request]:
        """Record a picture that could not be downloaded and go on with the next one."""
        self.record_failure(failure)
        request = getattr(failure, "request", None)
        if request is None or "listing" not in request.cb_kwargs:
            return
        self._pictures_refused.add(request.cb_kwargs["url"])
        yield from self._next_picture(request.cb_kwargs["listing"], request.cb_kwargs["pending"])

    def _next_picture(
        self, listing: Listing, pending: list[str]
    ) -> Iterator[Listing | scrapy.Request]:
        """Request the next picture not yet known, or yield the listing when none is left."""
        for index, url in enumerate(pending):
            if url in self._picture_entries:  # already stored in this crawl: same evidence
                listing.evidence.append(dict(self._picture_entries[url]))
                continue
            if url in self._pictures_refused or not self.allowed(url):
                self._pictures_refused.add(url)
                continue
            yield scrapy.Request(
                url,
                callback=self.on_picture,
                errback=self.on_picture_error,
                cb_kwargs={"listing": listing, "url": url, "pending": pending[index + 1 :]},
                meta={"download_maxsize": self.picture_limits.max_bytes},
                priority=PICTURE_PRIORITY,
                dont_filter=True,  # a dropped duplicate would never yield its listing
            )
            return
        yield listing

    def record_failure(self, failure: Failure) -> None:
        """Record a failed request under a short kind (see `crawlers.failures`)."""
        kind, reason = classify_failure(failure)
        request = getattr(failure, "request", None)
        self.add_failure(CrawlFailure(request.url if request is not None else "", kind, reason))

    def add_failure(self, failure: CrawlFailure) -> None:
        """Keep a failure for the summary and log it."""
        self.failures.append(failure)
        self.logger.warning("failed %s: %s (%s)", failure.url, failure.kind, failure.reason)
