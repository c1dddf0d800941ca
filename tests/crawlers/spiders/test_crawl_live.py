"""Real crawls in a child process (`python -m crawlers.run`) against a site this test serves on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.sites import QuietHandler, serving

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "tests" / "files" / "pages" / "demo_market"
PICTURES = PAGES / "img"
DEMO_SOURCE = ROOT / "data" / "sources" / "demo-market.yaml"
FAST = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=1", "LOG_LEVEL=WARNING"]
HUGE = 12 * 1024 * 1024  # bytes, past the 5 MB DOWNLOAD_MAXSIZE
BIG_PICTURE = 6 * 1024 * 1024  # bytes, past the 5 MB PICTURE_MAXSIZE
# the pictures of the hostile site: (status, content type, saved file or a behaviour)
HOSTILE_PICTURES = {
    "/img/1.jpg": (200, "image/jpeg", "kettle.jpg"),
    "/img/1-a.jpg": (200, "text/html", "not_a_picture.jpg"),  # an error page for a picture
    "/img/1-b.jpg": (200, "image/png", "giant_header.png"),  # declares 60000 x 60000 px
    "/img/2.jpg": (200, "image/png", "truncated.png"),
    "/img/3.jpg": (200, "application/octet-stream", "teapot.png"),  # the bytes decide
    "/img/3-a.jpg": (200, "image/jpeg", "big"),
    "/img/3-b.jpg": (200, "image/jpeg", "hang"),
}


class FakeMarket(QuietHandler):
    """The saved pages as a small marketplace; with `hostile` set, some pages misbehave.

    With `local_pictures` set, the pages' pictures on other hosts are served here too (as
    /img/...), so that a crawl keeping evidence never leaves 127.0.0.1.
    """

    hostile = False
    local_pictures = False

    def send_page(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a page too late: the crawler stopped waiting, as it should

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parts.query
        if path == "/robots.txt":
            return self.send_page(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        if path == "/search":
            page = "2" if "page=2" in query else "1"
            if self.hostile and page == "2":
                return self.send_page(500, b"oops")
            return self.send_page(200, self.saved_page(f"search_{page}.html"))
        if path.startswith("/item/"):
            number = path.rsplit("/", 1)[1]
            if self.hostile and number == "2":
                return self.send_page(500, b"oops")
            return self.send_page(200, self.saved_page(f"item_{number}.html"))
        if self.local_pictures and path.startswith("/img/"):
            return self.send_picture(path)
        if self.hostile:
            return self.misbehave(path, query)
        return self.send_page(404, b"not found")

    def saved_page(self, name: str) -> bytes:
        body = (PAGES / name).read_bytes()
        if self.local_pictures:
            here = f"//{self.headers['Host']}/img/".encode()
            body = body.replace(b"//img.example.test/", here).replace(b"//cdn.example.test/", here)
        return body

    def send_picture(self, path: str) -> None:
        if not self.hostile:  # a friendly site: every picture is a good one
            name = "teapot.png" if path.endswith("-a.jpg") else "kettle.jpg"
            ctype = "image/png" if name.endswith(".png") else "image/jpeg"
            return self.send_page(200, (PICTURES / name).read_bytes(), ctype)
        status, ctype, what = HOSTILE_PICTURES.get(path, (404, "text/plain", ""))
        if what == "hang":
            time.sleep(4)
            return self.send_page(200, (PICTURES / "kettle.jpg").read_bytes(), ctype)
        if what == "big":
            return self.send_stream(ctype, BIG_PICTURE)
        body = (PICTURES / what).read_bytes() if what else b"not found"
        return self.send_page(status, body, ctype)

    def send_stream(self, ctype: str, size: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>x</p>" * 8192
        try:
            for _ in range(size // len(chunk)):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on it, as it should

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
            return self.send_stream("text/html", HUGE)
        return self.send_page(404, b"not found")


class HostileMarket(FakeMarket):
    hostile = True
    local_pictures = True


class PictureMarket(FakeMarket):
    local_pictures = True


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    with serving(handler) as host:
        yield host


@pytest.fixture
def market() -> Iterator[str]:
    yield from serve(FakeMarket)


@pytest.fixture
def hostile_market() -> Iterator[str]:
    yield from serve(HostileMarket)


@pytest.fixture
def picture_market() -> Iterator[str]:
    yield from serve(PictureMarket)


def crawl(
    tmp_path: Path, source_text: str, settings: list[str], evidence: Path | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    source = tmp_path / "source.yaml"
    source.write_text(source_text, encoding="utf-8")
    out = tmp_path / "items.jsonl"
    args = [sys.executable, "-m", "crawlers.run", str(source), "--query", "天目", "--out", str(out)]
    if evidence is not None:
        args += ["--evidence", str(evidence)]
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
    # no evidence folder: nothing stored, no picture downloaded, no evidence claimed
    assert summary["evidence_dir"] is None and summary["pictures"] == 0
    assert all(item["evidence"] == [] for item in items)


def test_hostile_site_crawl_finishes_and_names_failures(
    tmp_path: Path, hostile_market: str
) -> None:
    text = DEMO_SOURCE.read_text(encoding="utf-8").replace("127.0.0.1:5001", hostile_market)
    extra = "".join(
        f'  - "http://{hostile_market}{path}?q={{query}}"\n'
        for path in ("/hang", "/loop", "/huge", "/private/search")
    )
    text = text.replace("start_urls:\n", "start_urls:\n" + extra)
    evidence = tmp_path / "evidence"
    started = time.monotonic()
    items, summary = crawl(tmp_path, text, [*FAST, "DOWNLOAD_TIMEOUT=1"], evidence)
    assert time.monotonic() - started < 60
    titles = {item["title"] for item in items}
    assert titles == {"TlANMU kettle あ", "ＴＩＡＮＭＵ\u3000茶具 套装", "天目 Tea Set & Cups 康"}
    no_detail = next(item for item in items if item["url"].endswith("/item/2"))
    assert no_detail["description"] is None and no_detail["price"] == "¥59"
    assert summary["items"] == 3
    assert summary["failure_kinds"] == {  # failed: see summary["failed"]
        "http_500": 2,
        "timeout": 2,  # the /hang page and a picture that never comes
        "redirect_loop": 1,
        "too_large": 3,  # the 12 MB page, a 6 MB picture, a picture declaring 60000 px sides
        "robots": 1,  # /private is disallowed: never fetched, even among many start URLs
        "not_image": 1,
        "bad_picture": 1,
    }
    failed = {f["url"].split(hostile_market)[1].split("?")[0]: f for f in summary["failed"]}
    kinds = {path: f["kind"] for path, f in failed.items()}
    assert kinds["/hang"] == "timeout" and kinds["/huge"] == "too_large"
    assert kinds["/private/search"] == "robots"
    assert kinds["/item/2"] == "http_500" and kinds["/search"] == "http_500"
    assert kinds["/img/1-a.jpg"] == "not_image" and "text/html" in failed["/img/1-a.jpg"]["reason"]
    assert kinds["/img/1-b.jpg"] == "too_large"
    assert "3600000000 pixels" in failed["/img/1-b.jpg"]["reason"]
    assert kinds["/img/2.jpg"] == "bad_picture" and kinds["/img/3-a.jpg"] == "too_large"
    assert kinds["/img/3-b.jpg"] == "timeout"
    # what could be read is kept: every page read, and the two good pictures
    assert summary["evidence_dir"] == str(evidence) and summary["pictures"] == 2
    by_path = {item["url"].split(hostile_market)[1]: item for item in items}
    assert [
        (e["kind"], e["url"].split(hostile_market)[1]) for e in by_path["/item/1"]["evidence"]
    ] == [
        ("page", "/search?q=%E5%A4%A9%E7%9B%AE"),
        ("page", "/item/1"),
        ("picture", "/img/1.jpg"),
    ]
    assert [e["kind"] for e in by_path["/item/2"]["evidence"]] == ["page"]  # detail failed
    sniffed = by_path["/item/3"]["evidence"][-1]
    assert sniffed["content_type"] == "application/octet-stream"
    assert_stored(evidence, [e for item in items for e in item["evidence"]])
    picture = by_path["/item/1"]["evidence"][2]
    assert (
        stored(evidence, picture["sha256"]).read_bytes() == (PICTURES / "kettle.jpg").read_bytes()
    )
    assert picture["status"] == 200 and picture["headers"]["content-type"] == "image/jpeg"


def stored(root: Path, sha: str) -> Path:
    return root / sha[:2] / sha


def assert_stored(root: Path, entries: list[dict[str, Any]]) -> None:
    """Each evidence entry names a read-only file on disk whose bytes hash to its name."""
    assert entries
    for entry in entries:
        path = stored(root, entry["sha256"])
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
        assert path.stat().st_mode & 0o777 == 0o444
        assert entry["captured_at"].endswith("+00:00")


def test_evidence_is_written_once_and_kept_across_crawls(
    tmp_path: Path, picture_market: str
) -> None:
    text = DEMO_SOURCE.read_text(encoding="utf-8").replace("127.0.0.1:5001", picture_market)
    evidence = tmp_path / "evidence"
    items, summary = crawl(tmp_path, text, FAST, evidence)
    assert (summary["items"], summary["failures"]) == (4, 0)
    first = next(item for item in items if item["url"].endswith("/item/1"))
    assert [e["kind"] for e in first["evidence"]] == [
        "page",
        "page",
        "picture",
        "picture",
        "picture",
    ]
    assert_stored(evidence, [e for item in items for e in item["evidence"]])
    # 2 results pages, 4 detail pages, and the 2 distinct pictures the site serves
    files = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in evidence.glob("*/*")}
    assert len(files) == 2 + 4 + 2
    assert summary["pictures"] == 12  # 3 picture URLs a listing; the same bytes are one file
    again, summary_again = crawl(tmp_path, text, FAST, evidence)
    assert summary_again["items"] == 4
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in evidence.glob("*/*")} == files
    shas = sorted(e["sha256"] for item in items for e in item["evidence"])
    assert sorted(e["sha256"] for item in again for e in item["evidence"]) == shas


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
