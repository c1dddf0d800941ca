"""One configurable marketplace spider: search per query, read listings, follow pages and details."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import scrapy
from parsel import Selector
from protego import Protego
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawlers.failures import CrawlFailure
from crawlers.items import Listing
from crawlers.sources import MarketplaceSource
from crawlers.spiders.capture import CapturingSpider
from crawlers.spiders.selectors import clean_text, image_values, select

IMAGE_FIELDS = ("image", "images")


def origin_of(url: str) -> str:
    """Return scheme://host[:port] of a URL: the scope of one robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class MarketplaceSpider(CapturingSpider):
    """Search a marketplace source for each query and yield a Listing per result.

    With `evidence_dir`, pages and pictures are kept there as evidence (see `capture`).
    """

    name = "marketplace"

    def __init__(
        self,
        source: MarketplaceSource,
        queries: Sequence[str],
        evidence_dir: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("name", f"marketplace-{source.name}")
        super().__init__(evidence_dir=evidence_dir, **kwargs)
        self.source = source
        self.queries = list(dict.fromkeys(q for q in queries if q.strip()))
        self.pages = 0
        self.detail_pages = 0
        self.robots: dict[str, Protego] = {}  # origin -> its parsed robots.txt

    def start_urls_for(self, query: str) -> list[str]:
        """Return the source's start URLs with `{query}` URL-encoded."""
        return [url.replace("{query}", quote(query, safe="")) for url in self.source.start_urls]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Yield the robots.txt of each site first, then (from its callback) the searches."""
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        """Yield the first requests (Scrapy < 2.13 entry point)."""
        if not self.source.robots:
            yield from self.search_requests(None)
            return
        # Our own robots.txt check: Scrapy's middleware was seen letting a disallowed start URL
        # through when several start requests were scheduled before robots.txt had arrived.
        for origin in dict.fromkeys(origin_of(url) for url in self._all_start_urls()):
            yield scrapy.Request(
                f"{origin}/robots.txt",
                callback=self.on_robots,
                errback=self.on_robots_error,
                cb_kwargs={"origin": origin},
                meta={"dont_obey_robotstxt": True},
                dont_filter=True,
            )

    def on_robots(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Read a site's robots.txt, then search it for every query."""
        origin: str = kwargs["origin"]
        text = response.text if isinstance(response, TextResponse) else ""
        self.robots[origin] = Protego.parse(text)
        yield from self.search_requests(origin)

    def on_robots_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """No readable robots.txt (404, 5xx, timeout): the site sets no rules; search it."""
        request = getattr(failure, "request", None)
        origin = request.cb_kwargs["origin"] if request is not None else ""
        self.robots[origin] = Protego.parse("")
        yield from self.search_requests(origin)

    def _all_start_urls(self) -> list[str]:
        return [url for query in self.queries for url in self.start_urls_for(query)]

    def search_requests(self, origin: str | None = None) -> Iterator[scrapy.Request]:
        """The first results page of each query and start URL (of `origin` only, if given)."""
        for query in self.queries:
            for url in self.start_urls_for(query):
                if origin is not None and origin_of(url) != origin:
                    continue
                if self.allowed(url):
                    yield scrapy.Request(
                        url,
                        callback=self.parse,
                        errback=self.on_error,
                        cb_kwargs={"query": query, "page": 1},
                    )

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch `url`; a refusal is recorded as a `robots` failure.

        Sites whose robots.txt the spider has not read are left to Scrapy's own middleware.
        """
        parser = self.robots.get(origin_of(url)) if self.source.robots else None
        if parser is None or parser.can_fetch(url, self.robots_agent):
            return True
        self.add_failure(CrawlFailure(url, "robots", "forbidden by robots.txt"))
        return False

    @property
    def robots_agent(self) -> str:
        """The user agent robots.txt rules are matched against."""
        settings = getattr(self, "settings", None)
        return str(settings.get("USER_AGENT")) if settings is not None else "ipwatch"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Listing | scrapy.Request]:
        """Yield the listings of a results page (or their detail requests) and the next page."""
        query: str = kwargs["query"]
        page: int = kwargs.get("page", 1)
        if not self._is_text(response):
            return
        assert isinstance(response, TextResponse)
        self.pages += 1
        fetched_at = datetime.now(UTC)
        page_entry = self.capture_page(response)
        for position, node in enumerate(select(response.selector, self.source.item), start=1):
            listing = self.parse_listing(node, response, query, page, position, fetched_at)
            if listing is None:
                continue
            if page_entry is not None:
                listing.evidence.append(dict(page_entry))
            if self.source.detail_fields and self.allowed(listing.url):
                yield scrapy.Request(
                    listing.url,
                    callback=self.parse_detail,
                    errback=self.on_detail_error,
                    cb_kwargs={"listing": listing},
                )
            else:
                yield from self.finish_listing(listing)
        next_url = self._parse_next_page(response)
        if next_url and page < self.source.max_pages and self.allowed(next_url):
            yield scrapy.Request(
                next_url,
                callback=self.parse,
                errback=self.on_error,
                cb_kwargs={"query": query, "page": page + 1},
            )

    def parse_listing(
        self,
        node: Selector,
        response: Response,
        query: str,
        page: int,
        position: int,
        fetched_at: datetime,
    ) -> Listing | None:
        """Build a Listing from one result node; None when it has no title or URL."""
        fields = self.source.fields
        title = self._parse_text(node, fields["title"])
        url = self._parse_url(node, fields["url"], response)
        if not title or not url:
            return None
        return Listing(
            source=self.source.name,
            query=query,
            url=url,
            title=title,
            page=page,
            position=position,
            fetched_at=fetched_at,
            price=self._parse_text(node, fields.get("price")),
            seller=self._parse_text(node, fields.get("seller")),
            image_urls=self._parse_image_urls(node, fields, response),
            description=self._parse_text(node, fields.get("description")),
            sponsored=self._parse_sponsored(node),
            classes=list(self.source.classes),
        )

    def parse_detail(self, response: Response, **kwargs: Any) -> Iterator[Listing | scrapy.Request]:
        """Fill a listing's missing fields from its detail page and add its pictures."""
        listing: Listing = kwargs["listing"]
        if not isinstance(response, TextResponse):
            self._is_text(response)
            yield from self.finish_listing(listing)
            return
        self.detail_pages += 1
        page_entry = self.capture_page(response)
        if page_entry is not None:
            listing.evidence.append(page_entry)
        fields = self.source.detail_fields
        for name in ("title", "price", "seller", "description"):
            if name in fields and not getattr(listing, name):
                setattr(listing, name, self._parse_text(response, fields[name]))
        for url in self._parse_image_urls(response, fields, response):
            if url not in listing.image_urls:
                listing.image_urls.append(url)
        yield from self.finish_listing(listing)

    def on_error(self, failure: Failure) -> None:
        """Record a failed results page."""
        self.record_failure(failure)

    def on_detail_error(self, failure: Failure) -> Iterator[Listing | scrapy.Request]:
        """Record a failed detail page and keep the listing as read from the results page."""
        self.record_failure(failure)
        request = getattr(failure, "request", None)
        if request is not None and "listing" in request.cb_kwargs:
            yield from self.finish_listing(request.cb_kwargs["listing"])

    def _is_text(self, response: Response) -> bool:
        """Return whether the response is a text page; record it as a failure when not."""
        if isinstance(response, TextResponse):
            return True
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        self.add_failure(CrawlFailure(response.url, "not_html", f"content type {ctype!r}"))
        return False

    def _parse_text(self, node: Selector | TextResponse, expr: str | None) -> str | None:
        if not expr:
            return None
        root = node.selector if isinstance(node, TextResponse) else node
        return clean_text(select(root, expr).getall())

    def _parse_url(self, node: Selector, expr: str, response: Response) -> str | None:
        href = (select(node, expr).get() or "").strip()
        return response.urljoin(href) if href else None

    def _parse_next_page(self, response: TextResponse) -> str | None:
        if not self.source.next_page:
            return None
        href = (select(response.selector, self.source.next_page).get() or "").strip()
        return response.urljoin(href) if href else None

    def _parse_sponsored(self, node: Selector) -> bool:
        return bool(self.source.sponsored and select(node, self.source.sponsored))

    def _parse_image_urls(
        self, node: Selector | TextResponse, fields: Mapping[str, str], response: Response
    ) -> list[str]:
        root = node.selector if isinstance(node, TextResponse) else node
        urls: list[str] = []
        for name in IMAGE_FIELDS:
            expr = fields.get(name)
            if not expr:
                continue
            for raw in image_values(root, expr):
                url = response.urljoin(raw.strip())
                if raw.strip() and url not in urls:
                    urls.append(url)
        return urls
