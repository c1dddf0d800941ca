"""The demo marketplace (`monitor.demo_site`) read the way `data/sources/demo-market.yaml` reads it,
and the demo data shipped beside it: the logos the demo marks point at and the demo gazette."""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from flask.testing import FlaskClient
from protego import Protego
from scrapy.http import HtmlResponse, Request

from coverage.imports.values import image_path_problem
from crawlers.gazettes import read_gazette
from crawlers.items import Listing
from crawlers.sources import MarketplaceSource, load_source
from crawlers.spiders.marketplace import MarketplaceSpider
from infringement.similarity.logo_match import MATCH_SCORE, compare_logos
from monitor.demo_site import MARKET_DIR, PAGE_SIZE, load_listings, make_demo_site

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
SOURCE = ROOT / "data" / "sources" / "demo-market.yaml"
BASE = "http://127.0.0.1:5001"
LISTINGS = {item.id: item for item in load_listings(MARKET_DIR / "listings.json")}
KANGDA_HITS = ["101", "102", "103", "104", "105", "106", "107", "108", "111", "112"]


@pytest.fixture(scope="module")
def site() -> FlaskClient:
    return make_demo_site().test_client()


def page(site: FlaskClient, path: str) -> HtmlResponse:
    """Fetch a page with the test client as the spider would receive it."""
    got = site.get(path)
    assert got.status_code == 200, path
    url = BASE + path
    return HtmlResponse(url=url, body=got.data, encoding="utf-8", request=Request(url))


def demo_source(**changes: Any) -> MarketplaceSource:
    source = load_source(SOURCE)
    assert isinstance(source, MarketplaceSource)
    return replace(source, **changes)


def read_results(site: FlaskClient, path: str) -> tuple[list[Listing], str | None]:
    """The listings of one results page (details not followed) and the next page's URL."""
    spider = MarketplaceSpider(demo_source(detail_fields=MappingProxyType({})), ["KANGDA"])
    out = list(spider.parse(page(site, path), query="KANGDA", page=1))
    listings = [o for o in out if isinstance(o, Listing)]
    following = [o.url for o in out if isinstance(o, Request)]
    return listings, following[0] if following else None


def test_results_page_gives_every_field_of_the_demo_source(site: FlaskClient) -> None:
    listings, next_url = read_results(site, "/search?q=KANGDA")
    assert [item.url for item in listings] == [f"{BASE}/item/{n}" for n in KANGDA_HITS[:4]]
    first, sponsored, lazy = listings[0], listings[1], listings[2]
    assert first.title == "KANGDAA 角磨机 125mm 1200W 家用多功能打磨切割机"
    assert (first.price, first.seller) == ("¥89.00", "永康五金工具批发店")
    assert first.image_urls == [f"{BASE}/img/grinder.png"]
    assert (first.sponsored, sponsored.sponsored) == (False, True)
    assert lazy.image_urls == [f"{BASE}/img/drill_plain.png"]  # data-src, not the placeholder
    assert next_url == f"{BASE}/search?q=KANGDA&page=2"


def test_pagination_walks_every_hit_four_at_a_time(site: FlaskClient) -> None:
    seen: list[str] = []
    sizes: list[int] = []
    next_url: str | None = f"{BASE}/search?q=KANGDA"
    while next_url:
        listings, next_url = read_results(site, next_url.removeprefix(BASE))
        sizes.append(len(listings))
        seen += [item.url.rsplit("/", 1)[1] for item in listings]
    assert seen == KANGDA_HITS
    assert sizes == [PAGE_SIZE, PAGE_SIZE, 2] and len(sizes) <= demo_source().max_pages


def test_detail_page_gives_description_and_gallery(site: FlaskClient) -> None:
    spider = MarketplaceSpider(demo_source(), ["KANGDA"])
    listing = Listing("demo-market", "KANGDA", f"{BASE}/item/106", "x", 1, 1, datetime.now(UTC))
    out = spider.parse_detail(page(site, "/item/106"), listing=listing)
    [filled] = [o for o in out if isinstance(o, Listing)]
    assert filled.description == "20V 4.0Ah 锂电池包，适配多款电动工具。 Battery pack 20 V, 4.0 Ah."
    assert filled.image_urls == [f"{BASE}/img/battery_logo.png", f"{BASE}/img/battery_logo_box.png"]


def test_numeric_character_references_decode_to_the_full_width_title(site: FlaskClient) -> None:
    raw = site.get("/search?q=%E7%94%B5%E9%94%A4").get_data(as_text=True)
    assert '<a href="/item/105">&#xFF2B;&#xFF21;&#xFF2E;&#xFF27;&#xFF24;&#xFF21; &#x7535;' in raw
    listings, _ = read_results(site, "/search?q=%E7%94%B5%E9%94%A4")  # 电锤
    assert "ＫＡＮＧＤＡ 电锤 26mm 冲击钻 工业级" in [item.title for item in listings]


def test_text_is_escaped(site: FlaskClient) -> None:
    raw = site.get("/item/113").get_data(as_text=True)
    assert "&lt;Cr-V&gt;" in raw and "<Cr-V>" not in raw and "&amp; 收纳盒" in raw
    listings, _ = read_results(site, "/search?q=%E6%89%B3%E6%89%8B")  # 扳手
    assert listings[0].title == "32件套 棘轮扳手套装 <Cr-V> 铬钒钢 & 收纳盒"
    hostile = site.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>" not in hostile and "&lt;script&gt;alert(1)" in hostile


def test_robots_txt_lets_the_crawler_search_and_read_listings(site: FlaskClient) -> None:
    robots = Protego.parse(site.get("/robots.txt").get_data(as_text=True))
    for path in ("/search?q=KANGDA&page=2", "/item/101", "/img/grinder.png"):
        assert robots.can_fetch(BASE + path, "ipwatch"), path
    assert not robots.can_fetch(BASE + "/cart", "ipwatch")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("KANGDA", KANGDA_HITS, id="mark-and-noise-sharing-kang"),
        pytest.param("KANGDA POWER", KANGDA_HITS, id="longer-query-contains-keyword"),
        pytest.param("ｋａｎｇｄａ", KANGDA_HITS, id="full-width-query"),
        pytest.param("康达", [*KANGDA_HITS[:8], "111", "118"], id="chinese-mark"),
        pytest.param("HENGYA", ["109", "110", "116", "117"], id="hydraulics-brand"),
        pytest.param("VOLTBEE", ["113", "114", "115"], id="no-match-gets-generic"),
    ],
)
def test_search_relates_listings_to_the_query(
    site: FlaskClient, query: str, expected: list[str]
) -> None:
    raw = site.get("/search", query_string={"q": query, "page": 1}).get_data(as_text=True)
    total = int(raw.split("的搜索结果 (", 1)[1].split(")", 1)[0])
    assert total == len(expected)
    found: list[str] = []
    for number in range(1, -(-len(expected) // PAGE_SIZE) + 1):
        listings, _ = read_results(site, f"/search?q={query}&page={number}")
        found += [item.url.rsplit("/", 1)[1] for item in listings]
    assert found == expected


def test_odd_pages_and_unknown_items(site: FlaskClient) -> None:
    assert read_results(site, "/search?q=KANGDA&page=abc")[0][0].title.startswith("KANGDAA")
    assert read_results(site, "/search?q=KANGDA&page=9") == ([], None)
    assert site.get("/item/999").status_code == 404
    assert site.get("/img/../listings.json").status_code == 404
    assert site.get("/").status_code == 200


def test_every_listing_has_its_pictures_and_a_purpose(site: FlaskClient) -> None:
    for item in LISTINGS.values():
        for name in {item.picture, *item.gallery}:
            with site.get(f"/img/{name}") as got:  # closes the picture file
                assert (got.status_code, got.mimetype) == (200, "image/png"), name
        assert item.expect in {"alert", "authorised", "none"}, item.id
    assert [i for i, item in LISTINGS.items() if item.expect == "authorised"] == ["107"]
    assert LISTINGS["107"].seller == "康达官方旗舰店"


# --- the demo data beside the site: logos and the gazette ----------------------------------


def test_demo_marks_point_at_logos_that_exist() -> None:
    with (DEMO / "trademarks.csv").open(encoding="utf-8") as handle:
        images = {row["mark_image"] for row in csv.DictReader(handle) if row["mark_image"]}
    assert images == {"logos/kangda.png", "logos/hengya.png"}
    for image in images:
        assert image_path_problem(image) is None and (DEMO / image).is_file()


def test_the_imitation_picture_matches_the_kangda_logo_and_others_do_not() -> None:
    logo = DEMO / "logos" / "kangda.png"
    pictures = MARKET_DIR / "img"
    for name in ("battery_logo.png", "battery_logo_box.png"):
        assert compare_logos(logo, pictures / name)[0] >= MATCH_SCORE, name
    for name in ("drill_plain.png", "tea.png", "bottle_jack.png"):
        assert compare_logos(logo, pictures / name)[0] < 50, name
    assert compare_logos(logo, DEMO / "logos" / "hengya.png")[0] < 50


def test_demo_gazette_parses_with_marks_like_ours_and_open_windows() -> None:
    [path] = sorted((DEMO / "gazette").glob("*.json"))
    records = list(read_gazette(path))
    assert len(records) == 15 and {r.format for r in records} == {"cnipa"}
    texts = {r.mark_text for r in records}
    assert {"康逹", "KANGDAA", "康大", "KANG DA", "恒亚", "HENGYAR"} <= texts
    published = [r.publication_date for r in records if r.publication_date]
    assert len(published) == 15
    # CN opposition: 3 months from publication; seen on 2026-12-04 some are open, some closed
    assert any(d >= date(2026, 9, 5) for d in published)
    assert any(d < date(2026, 9, 4) for d in published)
    assert all(r.classes and r.applicant_name and r.goods for r in records)


# --- a real crawl of the real site -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served_market() -> Iterator[str]:
    """`python -m monitor.demo_site --port N` in a child process, until the module's tests end."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "monitor.demo_site", "--port", str(port)]
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_a_real_crawl_of_the_served_site_reads_every_kangda_hit(
    tmp_path: Path, served_market: str
) -> None:
    source = tmp_path / "source.yaml"
    source.write_text(SOURCE.read_text("utf-8").replace("127.0.0.1:5001", served_market), "utf-8")
    out = tmp_path / "items.jsonl"
    fast = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=1", "LOG_LEVEL=WARNING"]
    args = [
        sys.executable,
        "-m",
        "crawlers.run",
        str(source),
        "--query",
        "KANGDA",
        "--out",
        str(out),
    ]
    for setting in fast:
        args += ["--set", setting]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    items, summary = lines[:-1], lines[-1]["summary"]
    by_id = {item["url"].rsplit("/", 1)[1]: item for item in items}
    assert sorted(by_id) == sorted(KANGDA_HITS)
    assert (summary["pages"], summary["detail_pages"], summary["failures"]) == (3, 10, 0)
    assert by_id["105"]["title"] == "ＫＡＮＧＤＡ 电锤 26mm 冲击钻 工业级"
    assert by_id["102"]["sponsored"] is True
    assert by_id["106"]["description"].startswith("20V 4.0Ah 锂电池包")
    assert by_id["112"]["page"] == 3
