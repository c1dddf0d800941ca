"""Run one marketplace crawl in this process (call it in a fresh child process) and write JSON lines.

Usage: python -m crawlers.run SOURCE_FILE --query TEXT [--query TEXT ...] --out ITEMS.jsonl
       [--evidence DIR] [--set SETTING=VALUE ...]

Each line of the output is one listing (`Listing.to_dict()`):
    {"source", "query", "url", "title", "page", "position", "fetched_at" (ISO 8601 UTC),
     "price", "seller", "image_urls", "description", "sponsored", "classes", "evidence"}
where "evidence" lists what was stored in DIR while reading it: its results page, its detail
page and its pictures, each {"kind": "page"|"picture", "sha256", "url", "status", "headers":
{lowercase name: first value}, "content_type", "bytes", "captured_at" (ISO 8601 UTC)}; a file is
at DIR/<sha256[:2]>/<sha256>. Without --evidence nothing is stored, no picture is downloaded and
"evidence" is [].

The last line is {"summary": {"source", "queries", "evidence_dir" (or null), "pages",
"detail_pages", "pictures" (pictures stored, one per URL; equal bytes share a file), "items",
"failures" (count), "failure_kinds" ({kind: count}), "failed" ([{"url", "kind", "reason"}])}}.
Exit 0 when the crawl ran (failures are in the summary), 2 when the source file is refused.
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

from crawlers.cli import marketplace_source, parse_overrides
from crawlers.items import Listing
from crawlers.settings import build_settings
from crawlers.sources import MarketplaceSource
from crawlers.spiders.marketplace import MarketplaceSpider


def run_crawl(
    source: MarketplaceSource,
    queries: Sequence[str],
    out: IO[str],
    settings_overrides: dict[str, Any] | None = None,
    evidence_dir: Path | None = None,
) -> dict[str, Any]:
    """Crawl `source` for `queries`, write each listing as a JSON line, then the summary line.

    With `evidence_dir`, pages and pictures are stored there as evidence (see the module doc).

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
    process.crawl(crawler, source=source, queries=list(queries), evidence_dir=evidence_dir)
    process.start()
    spider = crawler.spider
    assert isinstance(spider, MarketplaceSpider)
    failures = [vars(f) for f in spider.failures]
    summary = {
        "source": source.name,
        "queries": list(queries),
        "evidence_dir": str(evidence_dir) if evidence_dir else None,
        "pages": spider.pages,
        "detail_pages": spider.detail_pages,
        "pictures": spider.pictures,
        "items": count,
        "failures": len(failures),
        "failure_kinds": dict(Counter(f["kind"] for f in failures)),
        "failed": failures,
    }
    out.write(json.dumps({"summary": summary}, ensure_ascii=False) + "\n")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one crawl; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source_file", type=Path)
    parser.add_argument("--query", action="append", required=True, help="a watched mark text")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines file to write")
    parser.add_argument(
        "--evidence", type=Path, help="folder where pages and pictures are stored as evidence"
    )
    parser.add_argument("--set", action="append", default=[], help="Scrapy SETTING=VALUE")
    args = parser.parse_args(argv)
    source = marketplace_source(args.source_file)
    if source is None:
        return 2
    with args.out.open("w", encoding="utf-8") as out:
        evidence = args.evidence.absolute() if args.evidence else None
        run_crawl(source, args.query, out, parse_overrides(args.set), evidence)
    return 0


if __name__ == "__main__":
    sys.exit(main())
