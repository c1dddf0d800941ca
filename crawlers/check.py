"""Dry-run a marketplace source: fetch one results page and one detail page, report each selector.

Usage: python -m crawlers.check SOURCE_FILE --query TEXT [--json] [--set SETTING=VALUE ...]

The check reads the first start URL for the query and the detail page of the first listing found
(when the source has detail fields), with the crawl's own settings and robots.txt rules, and says
what each selector extracted as the spider would read it. With --json it prints:

    {"source": "demo-market", "query": "天目",
     "pages": [{"url": "...", "status": 200, "kind": "results" | "detail"}],
     "selectors": [{"where": "list.fields.title", "selector": "h3 a::text", "found": 3,
                    "values": ["first three values, each cut to 100 characters", ...]}],
     "empty": ["list.fields.price", ...],
     "errors": ["robots: http://...: forbidden by robots.txt", "results page answered HTTP 404"]}

`where` is `list.item`, `list.fields.<name>`, `list.next_page`, `sponsored` or
`detail.fields.<name>`. `found` counts, for `list.item`, the listings on the results page; for
`list.fields.*` and `sponsored`, the listings the selector gave a value for; for `list.next_page`
and `detail.fields.*`, the nodes it matched on its page. Detail selectors are reported only when
a detail page was read. `empty` names every selector that found nothing. `errors` holds each
request given up on (`kind: url: reason`, kinds as in a crawl's summary) and each error page.
Exit 0 when the check ran, 2 when the source file is refused or no page could be fetched (the
message on stderr; with --json the report is still printed when there is one).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse

from crawlers.check_report import (
    CheckError,
    CheckReport,
    PageCheck,
    check_detail_page,
    check_results_page,
    first_listing_url,
    format_report,
)
from crawlers.cli import marketplace_source, parse_overrides
from crawlers.settings import build_settings
from crawlers.sources import MarketplaceSource
from crawlers.spiders.marketplace import MarketplaceSpider, origin_of

__all__ = ["CheckError", "CheckReport", "check_source", "format_report", "run_check"]
ERROR_STATUSES = list(range(400, 600))  # read error pages too, to report their status
PROJECT_ROOT = Path(__file__).resolve().parents[1]


class CheckSpider(MarketplaceSpider):
    """Read one results page and one detail page of a source, and nothing else."""

    name = "check"

    def __init__(self, source: MarketplaceSource, query: str, **kwargs: Any) -> None:
        super().__init__(source, [query], name=f"check-{source.name}", **kwargs)
        self.query = query
        self.report = CheckReport(source=source.name, query=query)

    def _all_start_urls(self) -> list[str]:
        return self.start_urls_for(self.query)[:1]

    def search_requests(self, origin: str | None = None) -> Iterator[scrapy.Request]:
        """The first results page of the query, if robots.txt allows it."""
        for url in self._all_start_urls():
            if (origin is None or origin_of(url) == origin) and self.allowed(url):
                yield self._request(url, self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Report the list selectors, then open the first listing's detail page."""
        if not self._page(response, "results"):
            return
        assert isinstance(response, TextResponse)
        self.report.selectors.extend(check_results_page(self, response))
        if not self.source.detail_fields:
            return
        url = first_listing_url(self, response)
        if url is None:
            self.report.errors.append("detail page not checked: no listing with a url")
        elif self.allowed(url):
            yield self._request(url, self.parse_detail)

    def parse_detail(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Report the detail selectors."""
        if self._page(response, "detail"):
            assert isinstance(response, TextResponse)
            self.report.selectors.extend(check_detail_page(self, response))
        yield from ()

    def _request(self, url: str, callback: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            cb_kwargs={"query": self.query, "page": 1},
            meta={"handle_httpstatus_list": ERROR_STATUSES},
        )

    def _page(self, response: Response, kind: str) -> bool:
        """Record a fetched page; return whether its selectors can be read."""
        self.report.pages.append(PageCheck(response.url, response.status, kind))
        if response.status >= 400:
            self.report.errors.append(f"{kind} page answered HTTP {response.status}")
        return self._is_text(response)


def run_check(
    source: MarketplaceSource, query: str, settings_overrides: Mapping[str, Any] | None = None
) -> CheckReport:
    """Check `source` in this process. Starts the Twisted reactor: call it in a fresh process."""
    overrides = {"LOG_LEVEL": "ERROR", **(settings_overrides or {})}
    process = CrawlerProcess(build_settings(source, overrides))
    crawler = process.create_crawler(CheckSpider)
    process.crawl(crawler, source=source, query=query)
    process.start()
    spider = crawler.spider
    assert isinstance(spider, CheckSpider)
    report = spider.report
    report.errors.extend(f"{f.kind}: {f.url}: {f.reason}" for f in spider.failures)
    return report


def check_source(
    source: MarketplaceSource,
    query: str,
    settings_overrides: Mapping[str, Any] | None = None,
    *,
    timeout: float = 300,
) -> CheckReport:
    """Check `source` (read again from its file) in a child process and return the report.

    Raise CheckError when the child refuses the source file or prints no report.
    """
    args = [sys.executable, "-m", "crawlers.check", str(source.file), "--query", query, "--json"]
    for key, value in (settings_overrides or {}).items():
        args += ["--set", f"{key}={value}"]
    path = os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise CheckError(f"the check of {source.name} took over {timeout:g} s") from exc
    try:
        return CheckReport.from_dict(json.loads(done.stdout))
    except (ValueError, KeyError, TypeError) as exc:
        message = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise CheckError(message[0]) from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, check one source and print the report; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.check",
        description="Dry-run a marketplace source: one results page, one detail page.",
    )
    parser.add_argument("source_file", type=Path)
    parser.add_argument("--query", required=True, help="a text to search for, e.g. a mark")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--set", action="append", default=[], help="Scrapy SETTING=VALUE")
    args = parser.parse_args(argv)
    source = marketplace_source(args.source_file)
    if source is None:
        return 2
    if not args.query.strip():
        print("--query: give a text to search for", file=sys.stderr)
        return 2
    report = run_check(source, args.query, parse_overrides(args.set))
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else format_report(report))
    if not report.pages:
        print(f"nothing could be fetched: {'; '.join(report.errors)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
