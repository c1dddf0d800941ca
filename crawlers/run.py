"""Run one marketplace crawl in this process (call it in a fresh child process) and write JSON lines.

Usage: python -m crawlers.run SOURCE_FILE --query TEXT [--query TEXT ...] --out ITEMS.jsonl
       [--set SETTING=VALUE ...]
Each line of the output is a listing; the last line is {"summary": {...}} with the counts of
pages, detail pages, items and failures, and each failure's url, kind and reason. Exit 0 when the
crawl ran (failures are in the summary), 2 when the source file is refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from crawlers.items import Listing
from crawlers.settings import build_settings
from crawlers.sources import MarketplaceSource, SourceError, load_source
from crawlers.spiders.marketplace import MarketplaceSpider


def _parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"--set expects SETTING=VALUE, got {pair!r}")
        overrides[key.strip()] = value.strip()
    return overrides


def run_crawl(
    source: MarketplaceSource,
    queries: Sequence[str],
    out: IO[str],
    settings_overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Crawl `source` for `queries`, write each listing as a JSON line, then the summary line.

    Starts the Twisted reactor, which runs once per process: call this in a fresh process.
    """
    process = CrawlerProcess(build_settings(source, settings_overrides))
    crawler = process.create_crawler(MarketplaceSpider)
    count = 0

    def on_item(item: Any) -> None:
        nonlocal count
        if isinstance(item, Listing):
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
            count += 1

    crawler.signals.connect(on_item, signal=signals.item_scraped)
    process.crawl(crawler, source=source, queries=list(queries))
    process.start()
    spider = crawler.spider
    assert isinstance(spider, MarketplaceSpider)
    failures = [vars(f) for f in spider.failures]
    summary = {
        "source": source.name,
        "queries": list(queries),
        "pages": spider.pages,
        "detail_pages": spider.detail_pages,
        "items": count,
        "failures": len(failures),
        "failure_kinds": dict(Counter(f["kind"] for f in failures)),
        "failed": failures,
    }
    out.write(json.dumps({"summary": summary}, ensure_ascii=False) + "\n")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one crawl; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m crawlers.run", description=__doc__)
    parser.add_argument("source_file", type=Path)
    parser.add_argument("--query", action="append", required=True, help="a watched mark text")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines file to write")
    parser.add_argument("--set", action="append", default=[], help="Scrapy SETTING=VALUE")
    args = parser.parse_args(argv)
    try:
        source = load_source(args.source_file)
    except SourceError as exc:
        print(f"source refused: {exc}", file=sys.stderr)
        return 2
    if not isinstance(source, MarketplaceSource):
        print(f"source refused: {source.file}: kind: not a marketplace source", file=sys.stderr)
        return 2
    with args.out.open("w", encoding="utf-8") as out:
        run_crawl(source, args.query, out, _parse_overrides(args.set))
    return 0


if __name__ == "__main__":
    sys.exit(main())
