"""Evidence at capture, offline: pages stored as read, pictures fetched after pages, listings kept."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request, Response
from twisted.internet.error import TimeoutError
from twisted.python.failure import Failure

from crawlers.items import Listing
from crawlers.sources import MarketplaceSource, load_source
from crawlers.spiders.marketplace import MarketplaceSpider

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "tests" / "files" / "pages" / "demo_market"
PICTURES = PAGES / "img"
BASE = "http://127.0.0.1:5001"
SEARCH = f"{BASE}/search?q=%E5%A4%A9%E7%9B%AE"


def demo_source(**changes: object) -> MarketplaceSource:
    source = load_source(ROOT / "data" / "sources" / "demo-market.yaml")
    assert isinstance(source, MarketplaceSource)
    return replace(source, **changes)  # type: ignore[arg-type]


def page(name: str, url: str) -> HtmlResponse:
    body = (PAGES / name).read_bytes()
    headers = {"Content-Type": "text/html; charset=utf-8", "Server": "demo", "Set-Cookie": "x=1"}
    return HtmlResponse(url=url, body=body, headers=headers, encoding="utf-8", request=Request(url))


def picture(request: scrapy.Request, name: str, ctype: str = "image/jpeg") -> Response:
    body = (PICTURES / name).read_bytes()
    return Response(request.url, body=body, headers={"Content-Type": ctype}, request=request)


def listing(*image_urls: str) -> Listing:
    return Listing(
        source="demo-market",
        query="天目",
        url=f"{BASE}/item/9",
        title="天目",
        page=1,
        position=1,
        fetched_at=datetime.now(UTC),
        image_urls=list(image_urls),
    )


@pytest.fixture
def spider(tmp_path: Path) -> MarketplaceSpider:
    return MarketplaceSpider(demo_source(), ["天目"], evidence_dir=tmp_path / "evidence")


def test_each_listing_names_the_results_page_it_was_read_from(tmp_path: Path) -> None:
    source = demo_source(detail_fields=MappingProxyType({}))
    spider = MarketplaceSpider(source, ["天目"], evidence_dir=tmp_path / "evidence")
    out = list(spider.parse(page("search_1.html", SEARCH), query="天目", page=1))
    requests = [o for o in out if isinstance(o, scrapy.Request) and "listing" in o.cb_kwargs]
    assert len(requests) == 3  # no detail pages: each listing goes on to its picture
    entry = requests[0].cb_kwargs["listing"].evidence[0]
    body = (PAGES / "search_1.html").read_bytes()
    assert entry["kind"] == "page" and entry["url"] == SEARCH and entry["status"] == 200
    assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
    assert entry["headers"] == {"content-type": "text/html; charset=utf-8", "server": "demo"}
    assert entry["content_type"] == "text/html; charset=utf-8"
    assert (
        spider.evidence_store is not None
        and spider.evidence_store.path(entry["sha256"]).read_bytes() == body
    )


def test_detail_page_then_pictures_one_by_one_then_the_listing(spider: MarketplaceSpider) -> None:
    out = list(spider.parse(page("search_1.html", SEARCH), query="天目", page=1))
    detail = next(o for o in out if isinstance(o, scrapy.Request) and "listing" in o.cb_kwargs)
    (first,) = spider.parse_detail(page("item_1.html", detail.url), **detail.cb_kwargs)
    assert isinstance(first, scrapy.Request)
    assert first.url == "http://img.example.test/1.jpg"
    assert first.priority < 0 and first.dont_filter
    assert first.meta["download_maxsize"] == 5 * 1024 * 1024
    (second,) = spider.on_picture(picture(first, "kettle.jpg"), **first.cb_kwargs)
    assert isinstance(second, scrapy.Request) and second.url == f"{BASE}/img/1-a.jpg"
    (third,) = spider.on_picture(picture(second, "teapot.png", "image/png"), **second.cb_kwargs)
    assert isinstance(third, scrapy.Request) and third.url == "http://cdn.example.test/1-b.jpg"
    (item,) = spider.on_picture(picture(third, "kettle.jpg"), **third.cb_kwargs)
    assert isinstance(item, Listing)
    assert [(e["kind"], e["url"]) for e in item.evidence] == [
        ("page", SEARCH),
        ("page", f"{BASE}/item/1"),
        ("picture", "http://img.example.test/1.jpg"),
        ("picture", f"{BASE}/img/1-a.jpg"),
        ("picture", "http://cdn.example.test/1-b.jpg"),
    ]
    assert spider.pictures == 3 and spider.failures == []
    assert spider.evidence_store is not None
    assert sorted(p.name for p in spider.evidence_store.root.glob("*/*")) == sorted(
        {e["sha256"] for e in item.evidence}  # kettle.jpg twice is one file
    )


def test_a_refused_picture_is_a_failure_and_the_listing_is_still_yielded(
    spider: MarketplaceSpider,
) -> None:
    (request,) = spider.finish_listing(listing(f"{BASE}/img/bomb.png"))
    assert isinstance(request, scrapy.Request)
    (item,) = spider.on_picture(
        picture(request, "giant_header.png", "image/png"), **request.cb_kwargs
    )
    assert isinstance(item, Listing) and item.evidence == []
    (failure,) = spider.failures
    assert (failure.url, failure.kind) == (f"{BASE}/img/bomb.png", "too_large")
    assert failure.reason.startswith("picture: decompression bomb")
    assert spider.pictures == 0


def test_a_picture_that_fails_to_download_does_not_lose_the_listing(
    spider: MarketplaceSpider,
) -> None:
    (request,) = spider.finish_listing(listing(f"{BASE}/img/slow.jpg", f"{BASE}/img/ok.jpg"))
    assert isinstance(request, scrapy.Request)
    failure = Failure(TimeoutError("took too long"))
    failure.request = request  # type: ignore[attr-defined]
    (next_request,) = spider.on_picture_error(failure)
    assert isinstance(next_request, scrapy.Request) and next_request.url == f"{BASE}/img/ok.jpg"
    (item,) = spider.on_picture(picture(next_request, "kettle.jpg"), **next_request.cb_kwargs)
    assert isinstance(item, Listing) and [e["kind"] for e in item.evidence] == ["picture"]
    assert [(f.url, f.kind) for f in spider.failures] == [(f"{BASE}/img/slow.jpg", "timeout")]


def test_a_picture_is_fetched_once_per_crawl_and_at_most_four_per_listing(
    spider: MarketplaceSpider,
) -> None:
    urls = [f"{BASE}/img/{n}.jpg" for n in range(6)]
    requested = []
    out = list(spider.finish_listing(listing("data:image/gif;base64,R0lGOD", *urls)))
    while isinstance(out[0], scrapy.Request):
        requested.append(out[0].url)
        out = list(spider.on_picture(picture(out[0], "kettle.jpg"), **out[0].cb_kwargs))
    assert requested == urls[:4]  # data: URLs are no download; the cap is PICTURES_PER_LISTING
    # another listing showing the same picture: no new download, the same evidence
    (again,) = spider.finish_listing(listing(urls[0]))
    assert isinstance(again, Listing)
    assert [e["url"] for e in again.evidence] == [urls[0]]


def test_without_an_evidence_folder_nothing_is_stored_or_downloaded() -> None:
    spider = MarketplaceSpider(demo_source(detail_fields=MappingProxyType({})), ["天目"])
    out = list(spider.parse(page("search_1.html", SEARCH), query="天目", page=1))
    items = [o for o in out if isinstance(o, Listing)]
    assert len(items) == 3 and all(item.evidence == [] for item in items)
    assert spider.evidence_store is None and spider.pictures == 0
