"""The marketplace spider on saved pages (City Bureau style): what a user would see of each listing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request

from crawlers.items import Listing
from crawlers.sources import MarketplaceSource, load_source
from crawlers.spiders.marketplace import MarketplaceSpider

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "tests" / "files" / "pages" / "demo_market"
BASE = "http://127.0.0.1:5001"


def file_response(name: str, url: str) -> HtmlResponse:
    body = (PAGES / name).read_bytes()
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))


def demo_source(**changes: object) -> MarketplaceSource:
    source = load_source(ROOT / "data" / "sources" / "demo-market.yaml")
    assert isinstance(source, MarketplaceSource)
    return replace(source, **changes)  # type: ignore[arg-type]


def parse_page(spider: MarketplaceSpider, name: str, url: str, page: int = 1) -> list[object]:
    return list(spider.parse(file_response(name, url), query="天目", page=page))


@pytest.fixture
def listing_only_spider() -> MarketplaceSpider:
    """The demo source without detail pages, so parse yields listings directly."""
    return MarketplaceSpider(demo_source(detail_fields=MappingProxyType({})), ["天目"])


@pytest.fixture
def page_one(listing_only_spider: MarketplaceSpider) -> list[Listing]:
    out = parse_page(listing_only_spider, "search_1.html", f"{BASE}/search?q=%E5%A4%A9%E7%9B%AE")
    return [o for o in out if isinstance(o, Listing)]


def test_start_urls_encode_each_query_and_alias() -> None:
    spider = MarketplaceSpider(demo_source(), ["天目", "TIANMU & co", "天目"])
    urls = [r.url for r in spider.search_requests()]
    assert urls == [
        f"{BASE}/search?q=%E5%A4%A9%E7%9B%AE",
        f"{BASE}/search?q=TIANMU%20%26%20co",
    ]


def test_each_site_s_robots_txt_is_read_before_its_searches() -> None:
    spider = MarketplaceSpider(demo_source(), ["天目", "TIANMU"])
    assert [r.url for r in spider.start_requests()] == [f"{BASE}/robots.txt"]


def test_a_result_without_link_is_skipped(page_one: list[Listing]) -> None:
    assert len(page_one) == 3
    assert [item.position for item in page_one] == [1, 2, 3]
    assert {item.page for item in page_one} == {1}


@pytest.mark.parametrize(
    ("index", "field", "expected"),
    [
        (0, "title", "天目 Tea Set & Cups 康"),
        (1, "title", "ＴＩＡＮＭＵ\u3000茶具 套装"),
        (2, "title", "TlANMU kettle あ"),
        (0, "url", f"{BASE}/item/1"),
        (1, "url", f"{BASE}/item/2"),
        (0, "price", "¥199.00"),
        (0, "seller", "Tianmu & Sons Store"),
        (1, "seller", "杭州茶具店"),
        (0, "image_urls", ["http://img.example.test/1.jpg"]),
        (1, "image_urls", [f"{BASE}/img/2.jpg"]),
        (2, "image_urls", [f"{BASE}/img/3.jpg"]),
        (0, "sponsored", False),
        (2, "sponsored", True),
        (0, "query", "天目"),
        (0, "source", "demo-market"),
    ],
    ids=[
        "entity-and-numeric-reference-decoded",
        "full-width-kept-verbatim",
        "confusable-l-for-i-kept",
        "root-relative-url",
        "page-relative-url",
        "price-as-shown",
        "seller-entity-decoded",
        "chinese-seller",
        "protocol-relative-image",
        "lazy-data-src-over-placeholder",
        "lazy-data-original-over-blank-gif",
        "organic-not-sponsored",
        "sponsored-slot-flagged",
        "query-recorded",
        "source-recorded",
    ],
)
def test_listing_fields(page_one: list[Listing], index: int, field: str, expected: object) -> None:
    assert getattr(page_one[index], field) == expected


def test_fetched_at_is_utc(page_one: list[Listing]) -> None:
    assert page_one[0].fetched_at.utcoffset() is not None
    assert page_one[0].fetched_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_next_page_followed_with_query_and_page_number(
    listing_only_spider: MarketplaceSpider,
) -> None:
    out = parse_page(listing_only_spider, "search_1.html", f"{BASE}/search?q=x")
    (request,) = [o for o in out if isinstance(o, scrapy.Request)]
    assert request.url == f"{BASE}/search?q=tianmu&page=2"
    assert request.cb_kwargs == {"query": "天目", "page": 2}


def test_pagination_stops_at_max_pages() -> None:
    spider = MarketplaceSpider(demo_source(detail_fields=MappingProxyType({}), max_pages=2), ["x"])
    out = parse_page(spider, "search_1.html", f"{BASE}/search?q=x&page=2", page=2)
    assert not [o for o in out if isinstance(o, scrapy.Request)]


def test_srcset_image_and_dot_relative_url(listing_only_spider: MarketplaceSpider) -> None:
    out = parse_page(listing_only_spider, "search_2.html", f"{BASE}/search?q=x&page=2", page=2)
    (item,) = out
    assert isinstance(item, Listing)
    assert item.url == f"{BASE}/item/4"
    assert item.image_urls == [f"{BASE}/img/4-small.jpg"]
    assert (item.page, item.price, item.seller) == (2, "¥35", None)


def test_detail_page_merges_description_and_pictures() -> None:
    spider = MarketplaceSpider(demo_source(), ["天目"])
    out = parse_page(spider, "search_1.html", f"{BASE}/search?q=x")
    detail_requests = [o for o in out if isinstance(o, scrapy.Request) and "listing" in o.cb_kwargs]
    assert [r.url for r in detail_requests] == [f"{BASE}/item/{n}" for n in (1, 2, 3)]
    first = detail_requests[0]
    (item,) = spider.parse_detail(file_response("item_1.html", first.url), **first.cb_kwargs)
    assert item.description == "Hand-made & glazed, item 1."
    assert item.image_urls == [
        "http://img.example.test/1.jpg",
        f"{BASE}/img/1-a.jpg",
        "http://cdn.example.test/1-b.jpg",
    ]
    assert spider.detail_pages == 1


def test_xpath_selectors_and_classes() -> None:
    source = demo_source(
        item="xpath://div[contains(concat(' ', @class, ' '), ' result ')]",
        fields=MappingProxyType(
            {
                "title": "xpath:.//h3/a//text()",
                "url": "xpath:.//h3/a/@href",
                "image": "xpath:.//img/@src",
            }
        ),
        sponsored="xpath:self::*[contains(@class, 'sponsored')]",
        detail_fields=MappingProxyType({}),
        classes=(21,),
    )
    out = parse_page(MarketplaceSpider(source, ["x"]), "search_1.html", f"{BASE}/search?q=x")
    items = [o for o in out if isinstance(o, Listing)]
    assert [i.title for i in items][0] == "天目 Tea Set & Cups 康"
    assert [i.sponsored for i in items] == [False, False, True]
    assert items[1].image_urls == [f"{BASE}/img/2.jpg"]
    assert items[0].classes == [21]
