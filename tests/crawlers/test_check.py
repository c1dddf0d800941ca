"""`python -m crawlers.check`: a dry run of a source that says what each selector finds.

Offline on the saved pages for the report itself; against a site served on 127.0.0.1 by the
test for the real check in a child process (exit codes, robots.txt, error pages).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse, Request

from crawlers.check import CheckError, CheckReport, check_source, format_report
from crawlers.check_report import check_detail_page, check_results_page, first_listing_url
from crawlers.sources import MarketplaceSource, load_source
from crawlers.spiders.marketplace import MarketplaceSpider
from tests.sites import QuietHandler, serving

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "files" / "pages" / "demo_market"
DEMO_SOURCE = ROOT / "data" / "sources" / "demo-market.yaml"
BASE = "http://127.0.0.1:5001"
FAST = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=0"]


def demo_source(**changes: object) -> MarketplaceSource:
    source = load_source(DEMO_SOURCE)
    assert isinstance(source, MarketplaceSource)
    return replace(source, **changes)  # type: ignore[arg-type]


def saved(name: str, url: str) -> HtmlResponse:
    body = (PAGES / name).read_bytes()
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))


def offline_report(source: MarketplaceSource) -> CheckReport:
    spider = MarketplaceSpider(source, ["天目"])
    results = saved("search_1.html", f"{BASE}/search?q=x")
    report = CheckReport(source=source.name, query="天目")
    report.selectors += check_results_page(spider, results)
    assert first_listing_url(spider, results) == f"{BASE}/item/1"
    report.selectors += check_detail_page(spider, saved("item_1.html", f"{BASE}/item/1"))
    return report


def test_every_selector_of_the_demo_source_is_reported_with_what_it_found() -> None:
    report = offline_report(demo_source())
    found = {s.where: (s.found, list(s.values)) for s in report.selectors}
    assert found == {
        "list.item": (
            4,
            [
                "天目 Tea Set & Cups 康 ¥199.00 Tianmu & Sons Store",
                "ＴＩＡＮＭＵ\u3000茶具 套装 ¥59 杭州茶具店",
                "广告 TlANMU kettle あ ¥88 Ad Shop",
            ],
        ),
        "list.fields.title": (
            3,
            ["天目 Tea Set & Cups 康", "ＴＩＡＮＭＵ\u3000茶具 套装", "TlANMU kettle あ"],
        ),
        "list.fields.url": (3, [f"{BASE}/item/1", f"{BASE}/item/2", f"{BASE}/item/3"]),
        "list.fields.price": (3, ["¥199.00", "¥59", "¥88"]),
        "list.fields.seller": (3, ["Tianmu & Sons Store", "杭州茶具店", "Ad Shop"]),
        "list.fields.image": (
            3,
            ["http://img.example.test/1.jpg", f"{BASE}/img/2.jpg", f"{BASE}/img/3.jpg"],
        ),
        "list.next_page": (1, [f"{BASE}/search?q=tianmu&page=2"]),
        "sponsored": (1, ["广告"]),
        "detail.fields.description": (3, ["Hand-made & glazed, item 1."]),
        "detail.fields.images": (2, [f"{BASE}/img/1-a.jpg", "http://cdn.example.test/1-b.jpg"]),
    }
    assert report.empty == []


def test_selectors_that_find_nothing_are_named() -> None:
    source = demo_source(
        fields=MappingProxyType(
            {"title": "h3 a::text", "url": "h3 a::attr(href)", "price": ".cost"}
        ),
        detail_fields=MappingProxyType({"description": "#description ::text"}),
        next_page="a.more::attr(href)",
    )
    report = offline_report(source)
    assert report.empty == ["list.fields.price", "list.next_page", "detail.fields.description"]
    text = format_report(report)
    assert format_report(report.to_dict()) == text  # the JSON a child process printed works too
    assert "EMPTY list.fields.price" in text
    assert "found nothing: list.fields.price, list.next_page, detail.fields.description" in text


def test_long_values_are_cut_and_only_three_shown() -> None:
    report = offline_report(
        demo_source(fields=MappingProxyType({"title": "xpath:/html", "url": "h3 a::attr(href)"}))
    )
    (title,) = [s for s in report.selectors if s.where == "list.fields.title"]
    assert title.found == 4 and len(title.values) == 3
    assert all(len(v) <= 100 for v in title.values) and title.values[0].endswith("…")


def test_the_json_shape_round_trips() -> None:
    report = offline_report(demo_source())
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert list(data) == ["source", "query", "pages", "selectors", "empty", "errors"]
    assert list(data["selectors"][0]) == ["where", "selector", "found", "values"]
    assert CheckReport.from_dict(data) == report


class CheckedSite(QuietHandler):
    """The demo pages, a robots.txt that closes /private, and a search that is gone (/gone)."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/robots.txt":
            return self.send_page(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        if path == "/search":
            return self.send_page(200, (PAGES / "search_1.html").read_bytes())
        if path.startswith("/item/"):
            return self.send_page(200, (PAGES / f"item_{path.rsplit('/', 1)[1]}.html").read_bytes())
        return self.send_page(404, b"<html><body>gone</body></html>")


@pytest.fixture
def site() -> Iterator[str]:
    with serving(CheckedSite) as host:
        yield host


def source_file(tmp_path: Path, site: str, path: str = "/search") -> Path:
    text = DEMO_SOURCE.read_text(encoding="utf-8").replace("127.0.0.1:5001/search", site + path)
    file = tmp_path / "source.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def run_check(file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "crawlers.check", str(file), "--query", "天目", *extra]
    for setting in FAST:
        args += ["--set", setting]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_source_reads_one_results_page_and_one_detail_page(tmp_path: Path, site: str) -> None:
    source = load_source(source_file(tmp_path, site))
    assert isinstance(source, MarketplaceSource)
    report = check_source(source, "天目", dict(s.split("=") for s in FAST))
    assert [(p.kind, p.status, p.url.split(site)[1]) for p in report.pages] == [
        ("results", 200, "/search?q=%E5%A4%A9%E7%9B%AE"),
        ("detail", 200, "/item/1"),
    ]
    assert report.empty == [] and report.errors == []
    assert len(report.selectors) == 10


def test_the_command_prints_a_report_for_a_person(tmp_path: Path, site: str) -> None:
    done = run_check(source_file(tmp_path, site))
    assert done.returncode == 0, done.stderr
    assert "results  HTTP 200" in done.stdout and "detail   HTTP 200" in done.stdout
    assert "ok    list.fields.title" in done.stdout and "'天目 Tea Set & Cups 康'" in done.stdout


def test_an_error_page_is_reported_with_its_status(tmp_path: Path, site: str) -> None:
    done = run_check(source_file(tmp_path, site, "/gone"), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [(p["kind"], p["status"]) for p in report["pages"]] == [("results", 404)]
    assert report["errors"] == [
        "results page answered HTTP 404",
        "detail page not checked: no listing with a url",
    ]
    assert "list.item" in report["empty"] and "list.fields.title" in report["empty"]


def test_a_start_url_refused_by_robots_txt_fails_the_check(tmp_path: Path, site: str) -> None:
    done = run_check(source_file(tmp_path, site, "/private/search"), "--json")
    assert done.returncode == 2
    assert "nothing could be fetched: robots: http://" in done.stderr
    report = json.loads(done.stdout)
    assert report["pages"] == [] and report["selectors"] == []
    assert report["errors"] == [
        f"robots: http://{site}/private/search?q=%E5%A4%A9%E7%9B%AE: forbidden by robots.txt"
    ]


def test_a_refused_source_file_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("name: Bad Name\nkind: marketplace\n", encoding="utf-8")
    done = run_check(file, "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert "source refused" in done.stderr and "name" in done.stderr
    good = replace(demo_source(), file=file)
    with pytest.raises(CheckError, match="source refused"):
        check_source(good, "天目")
