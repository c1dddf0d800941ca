"""Crawl and ingestion benchmarks: pages per second against a local site (polite defaults and
full speed), and storing + matching 10,000 listings the first time and again unchanged (the cost
of a re-crawl where nothing changed)."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

PER_PAGE = 20
SOURCE = """\
name: bench-market
kind: marketplace
start_urls:
  - "http://{host}/search?q={{query}}"
list:
  item: "div.result"
  fields:
    title: "h3 a::text"
    url: "h3 a::attr(href)"
    price: ".price::text"
  next_page: "a.next::attr(href)"
max_pages: {pages}
robots: true
"""


class _Site(BaseHTTPRequestHandler):
    """Results pages of PER_PAGE listings each, with a next link, and an empty robots.txt."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            query = parse_qs(parts.query)
            page = int(query.get("page", ["1"])[0])
            q = query.get("q", [""])[0]
            rows = "".join(
                f'<div class="result"><h3><a href="/item/{page}-{i}">{html.escape(q)} tool '
                f'{page}-{i}</a></h3><span class="price">¥{i}</span></div>'
                for i in range(PER_PAGE)
            )
            link = f'<a class="next" href="/search?q={q}&page={page + 1}">next</a>'
            body = f"<html><body>{rows}{link}</body></html>".encode()
            ctype = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def _serve() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _crawl(pages: int, settings: list[str]) -> dict[str, Any]:
    with _serve() as host, tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bench.yaml"
        source.write_text(SOURCE.format(host=host, pages=pages))
        out = Path(tmp) / "items.jsonl"
        args = [sys.executable, "-m", "crawlers.run", str(source), "--query", "kangda"]
        args += ["--out", str(out)]
        for setting in ["LOG_LEVEL=ERROR", *settings]:
            args += ["--set", setting]
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        summary = json.loads(out.read_text().splitlines()[-1])["summary"]
    return {
        "pages": summary["pages"],
        "items": summary["items"],
        "seconds_with_process_start": round(seconds, 2),
        "pages_per_second": round(summary["pages"] / seconds, 2),
    }


def bench_crawl() -> dict[str, Any]:
    """Pages per second: polite defaults (AutoThrottle, 1 s delay, 2 per domain) and full speed."""
    return {
        "what": f"one query, results pages of {PER_PAGE} listings from a site on 127.0.0.1",
        "polite_defaults": _crawl(15, []),
        "full_speed": _crawl(
            300,
            [
                "AUTOTHROTTLE_ENABLED=False",
                "DOWNLOAD_DELAY=0",
                "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            ],
        ),
    }


def _items(count: int, source: str) -> list[dict[str, Any]]:
    import random

    from bench.similarity_bench import imitate, make_mark

    rnd = random.Random(5)
    items = []
    for n in range(count):
        title = imitate("KANGDA", rnd) if n % 100 == 0 else f"{make_mark(rnd)} 电钻 drill"
        items.append(
            {
                "source": source,
                "url": f"http://bench.test/item/{n}",
                "title": title,
                "price": f"¥{n % 500}",
                "seller": f"shop {n % 300}",
                "fetched_at": "2026-12-05T00:00:00+00:00",
            }
        )
    return items


def bench_ingest(listings: int = 10_000, marks: int = 1_000) -> dict[str, Any]:
    """Store and screen `listings` against `marks` watched marks (SQLite), then again unchanged."""
    import datetime as dt
    import random

    from sqlmodel import Session, SQLModel

    import coverage.models  # noqa: F401
    import infringement.models  # noqa: F401
    import monitor.models  # noqa: F401
    from bench.similarity_bench import make_mark
    from coverage.models import Trademark, TrademarkStatus
    from monitor import create_app
    from monitor.db import get_writer_engine
    from monitor.monitoring.ingest import Ingestion
    from monitor.monitoring.records import start_run
    from monitor.monitoring.runs import goods_table
    from monitor.monitoring.watching import load_watch

    rnd = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        app = create_app({"DATABASE_URL": url, "INSTANCE_DIR": tmp, "SECRET_KEY": "bench"})
        figures: dict[str, Any] = {"listings": listings, "watched_marks": marks}
        with app.app_context():
            engine = get_writer_engine()
            SQLModel.metadata.create_all(engine)
            with Session(engine) as session:
                texts = ["KANGDA", *(make_mark(rnd) for _ in range(marks - 1))]
                for n, text in enumerate(texts):
                    session.add(
                        Trademark(
                            office="CN",
                            tm_no=str(30_000_000 + n),
                            brand=f"B{n}",
                            mark_text=text,
                            nice_classes=[rnd.randint(1, 45), 7],
                            status=TrademarkStatus.REGISTERED,
                            filing_date=dt.date(2020, 1, 1),
                        )
                    )
                session.commit()
            items = _items(listings, "bench")
            for label in ("first_crawl", "recrawl_unchanged"):
                with Session(engine, expire_on_commit=False) as session:
                    started = time.perf_counter()
                    watch = load_watch(session)
                    run = start_run(session, "bench", kind="crawl", trigger="cli", user=None)
                    Ingestion(session, run, watch, store=None, goods=goods_table()).listings(items)
                    seconds = time.perf_counter() - started
                    figures[label] = {
                        "seconds": round(seconds, 2),
                        "ms_per_listing": round(seconds / listings * 1000, 3),
                        "observations_new": run.observations_new,
                        "alerts_new": run.alerts_new,
                    }
        app.extensions["ipwatch_engine"].dispose()
        figures["what"] = (
            "store + screen listings (text, goods words) against watched marks on SQLite; "
            "the watch-list index is built once and cached across the two runs"
        )
        return figures


def run() -> dict[str, Any]:
    return {"crawl": bench_crawl(), "ingest": bench_ingest()}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, ensure_ascii=False))
