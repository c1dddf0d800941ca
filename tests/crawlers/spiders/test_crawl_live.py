"""Real crawls in a child process (`python -m crawlers.run`) against a site this test serves on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "tests" / "files" / "pages" / "demo_market"
DEMO_SOURCE = ROOT / "data" / "sources" / "demo-market.yaml"
FAST = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=1", "LOG_LEVEL=WARNING"]
HUGE = 12 * 1024 * 1024  # bytes, past the 5 MB DOWNLOAD_MAXSIZE


class FakeMarket(BaseHTTPRequestHandler):
    """The saved pages as a small marketplace; with `hostile` set, some pages misbehave."""

    hostile = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_page(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        if path == "/robots.txt":
            return self.send_page(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        if path == "/search":
            page = "2" if "page=2" in query else "1"
            if self.hostile and page == "2":
                return self.send_page(500, b"oops")
            return self.send_page(200, (PAGES / f"search_{page}.html").read_bytes())
        if path.startswith("/item/"):
            number = path.rsplit("/", 1)[1]
            if self.hostile and number == "2":
                return self.send_page(500, b"oops")
            return self.send_page(200, (PAGES / f"item_{number}.html").read_bytes())
        if self.hostile:
            return self.misbehave(path, query)
        return self.send_page(404, b"not found")

    def misbehave(self, path: str, query: str) -> None:
        if path == "/hang":
            time.sleep(4)
            return self.send_page(200, b"<html>too late</html>")
        if path == "/loop":
            hops = int(query.rsplit("hop=", 1)[1]) if "hop=" in query else 0
            self.send_response(302)
            self.send_header("Location", f"/loop?hop={hops + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(HUGE))
            self.end_headers()
            chunk = b"<p>x</p>" * 8192
            try:
                for _ in range(HUGE // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler gave up on it, as it should
            return None
        return self.send_page(404, b"not found")


class HostileMarket(FakeMarket):
    hostile = True


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def market() -> Iterator[str]:
    yield from serve(FakeMarket)


@pytest.fixture
def hostile_market() -> Iterator[str]:
    yield from serve(HostileMarket)


def crawl(
    tmp_path: Path, source_text: str, settings: list[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    source = tmp_path / "source.yaml"
    source.write_text(source_text, encoding="utf-8")
    out = tmp_path / "items.jsonl"
    args = [sys.executable, "-m", "crawlers.run", str(source), "--query", "天目", "--out", str(out)]
    for setting in settings:
        args += ["--set", setting]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return lines[:-1], lines[-1]["summary"]


def test_crawl_of_the_demo_source_reads_every_listing(tmp_path: Path, market: str) -> None:
    text = DEMO_SOURCE.read_text(encoding="utf-8").replace("127.0.0.1:5001", market)
    items, summary = crawl(tmp_path, text, FAST)
    by_url = {item["url"].replace(market, "HOST"): item for item in items}
    assert sorted(by_url) == [f"http://HOST/item/{n}" for n in (1, 2, 3, 4)]
    first = by_url["http://HOST/item/1"]
    assert first["title"] == "天目 Tea Set & Cups 康"
    assert first["description"] == "Hand-made & glazed, item 1."
    assert first["image_urls"][0] == "http://img.example.test/1.jpg"
    assert first["query"] == "天目" and first["source"] == "demo-market"
    assert first["fetched_at"].endswith("+00:00")
    assert by_url["http://HOST/item/2"]["title"] == "ＴＩＡＮＭＵ\u3000茶具 套装"
    assert by_url["http://HOST/item/3"]["sponsored"] is True
    assert by_url["http://HOST/item/4"]["page"] == 2
    assert summary["pages"] == 2 and summary["detail_pages"] == 4
    assert (summary["items"], summary["failures"]) == (4, 0)


def test_hostile_site_crawl_finishes_and_names_failures(
    tmp_path: Path, hostile_market: str
) -> None:
    text = DEMO_SOURCE.read_text(encoding="utf-8").replace("127.0.0.1:5001", hostile_market)
    extra = "".join(
        f'  - "http://{hostile_market}{path}?q={{query}}"\n'
        for path in ("/hang", "/loop", "/huge", "/private/search")
    )
    text = text.replace("start_urls:\n", "start_urls:\n" + extra)
    started = time.monotonic()
    items, summary = crawl(tmp_path, text, [*FAST, "DOWNLOAD_TIMEOUT=1"])
    assert time.monotonic() - started < 60
    titles = {item["title"] for item in items}
    assert titles == {"TlANMU kettle あ", "ＴＩＡＮＭＵ\u3000茶具 套装", "天目 Tea Set & Cups 康"}
    no_detail = next(item for item in items if item["url"].endswith("/item/2"))
    assert no_detail["description"] is None and no_detail["price"] == "¥59"
    assert summary["items"] == 3
    assert summary["failure_kinds"] == {  # failed: see summary["failed"]
        "http_500": 2,
        "timeout": 1,
        "redirect_loop": 1,
        "too_large": 1,
        "robots": 1,  # /private is disallowed: never fetched, even among many start URLs
    }
    failed = {f["url"].split(hostile_market)[1].split("?")[0]: f["kind"] for f in summary["failed"]}
    assert failed["/hang"] == "timeout" and failed["/huge"] == "too_large"
    assert failed["/private/search"] == "robots"
    assert failed["/item/2"] == "http_500" and failed["/search"] == "http_500"


@pytest.mark.parametrize(
    ("robots_line", "expected_kinds", "items"),
    [("", {"robots": 1}, 4), ("robots: false\n", {"http_404": 1}, 4)],
    ids=["robots-txt-obeyed-by-default", "source-turns-robots-off-explicitly"],
)
def test_robots_txt(
    tmp_path: Path, market: str, robots_line: str, expected_kinds: dict[str, int], items: int
) -> None:
    text = DEMO_SOURCE.read_text(encoding="utf-8").replace("127.0.0.1:5001", market)
    text = text.replace("start_urls:\n", f'start_urls:\n  - "http://{market}/private/search?q=x"\n')
    _, summary = crawl(tmp_path, text + robots_line, FAST)
    assert summary["failure_kinds"] == expected_kinds
    assert summary["items"] == items
