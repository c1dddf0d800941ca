"""What a source check found (see `crawlers.check` for the JSON shape), read from fetched pages.

Pure functions over pages already fetched, so they run offline on saved pages; the spider passed
in only lends its way of reading each field (`MarketplaceSpider._parse_*`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parsel import Selector, SelectorList
from scrapy.http import TextResponse

from crawlers.spiders.selectors import clean_text, image_values, select

if TYPE_CHECKING:
    from crawlers.spiders.marketplace import MarketplaceSpider

SHOWN_VALUES = 3  # values reported per selector
VALUE_CHARS = 100  # a longer value is cut, with "…"
IMAGE_FIELDS = ("image", "images")


class CheckError(Exception):
    """A check that produced no report: the source file refused, or the child process failed."""


@dataclass(frozen=True)
class PageCheck:
    """A page the check fetched: its URL (after redirects), HTTP status and kind."""

    url: str
    status: int
    kind: str  # results | detail


@dataclass(frozen=True)
class SelectorCheck:
    """What one selector of the source found: how many and the first few values."""

    where: str  # list.item, list.fields.<name>, list.next_page, sponsored, detail.fields.<name>
    selector: str
    found: int
    values: tuple[str, ...] = ()


@dataclass
class CheckReport:
    """The pages a check fetched, what each selector found, and what went wrong."""

    source: str
    query: str
    pages: list[PageCheck] = field(default_factory=list)
    selectors: list[SelectorCheck] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def empty(self) -> list[str]:
        """The `where` of every selector that found nothing."""
        return [s.where for s in self.selectors if not s.found]

    def to_dict(self) -> dict[str, Any]:
        """Return the documented JSON shape."""
        return {
            "source": self.source,
            "query": self.query,
            "pages": [vars(p) for p in self.pages],
            "selectors": [{**vars(s), "values": list(s.values)} for s in self.selectors],
            "empty": self.empty,
            "errors": list(self.errors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckReport:
        """Rebuild a report from its JSON shape."""
        return cls(
            source=str(data["source"]),
            query=str(data["query"]),
            pages=[
                PageCheck(str(p["url"]), int(p["status"]), str(p["kind"])) for p in data["pages"]
            ],
            selectors=[
                SelectorCheck(
                    str(s["where"]), str(s["selector"]), int(s["found"]), tuple(s["values"])
                )
                for s in data["selectors"]
            ],
            errors=[str(e) for e in data["errors"]],
        )


def _cut(value: str) -> str:
    return value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1] + "…"


def _shown(values: list[str]) -> tuple[str, ...]:
    return tuple(_cut(v) for v in values[:SHOWN_VALUES])


def _text_of(found: SelectorList[Selector]) -> list[str]:
    """The text a person sees in each match (an attribute or text match as it is)."""
    out = []
    for sel in found:
        if isinstance(sel.root, str):
            out.append(sel.root.strip())
        else:
            out.append(clean_text(sel.xpath(".//text()").getall()) or sel.get())
    return [v for v in out if v]


def _list_value(
    spider: MarketplaceSpider, node: Selector, name: str, expr: str, response: TextResponse
) -> str | None:
    """One list field of one listing, as the spider reads it."""
    if name == "url":
        return spider._parse_url(node, expr, response)
    if name in IMAGE_FIELDS:
        urls = spider._parse_image_urls(node, {name: expr}, response)
        return urls[0] if urls else None
    return spider._parse_text(node, expr)


def first_listing_url(spider: MarketplaceSpider, response: TextResponse) -> str | None:
    """The URL of the first listing of a results page that has a title and a URL."""
    fields = spider.source.fields
    for node in select(response.selector, spider.source.item):
        url = spider._parse_url(node, fields["url"], response)
        if url and spider._parse_text(node, fields["title"]):
            return url
    return None


def check_results_page(spider: MarketplaceSpider, response: TextResponse) -> list[SelectorCheck]:
    """Report list.item, each list field, list.next_page and sponsored on a results page."""
    source = spider.source
    nodes = select(response.selector, source.item)
    checks = [SelectorCheck("list.item", source.item, len(nodes), _shown(_text_of(nodes)))]
    for name, expr in source.fields.items():
        values = [v for node in nodes if (v := _list_value(spider, node, name, expr, response))]
        checks.append(SelectorCheck(f"list.fields.{name}", expr, len(values), _shown(values)))
    if source.next_page:
        found = select(response.selector, source.next_page)
        urls = [response.urljoin(v.strip()) for v in found.getall() if v.strip()]
        checks.append(SelectorCheck("list.next_page", source.next_page, len(found), _shown(urls)))
    if source.sponsored:
        badges = [_text_of(select(node, source.sponsored)) for node in nodes]
        flagged = [" ".join(b) or "(matched)" for b in badges if b]
        checks.append(SelectorCheck("sponsored", source.sponsored, len(flagged), _shown(flagged)))
    return checks


def check_detail_page(spider: MarketplaceSpider, response: TextResponse) -> list[SelectorCheck]:
    """Report each detail field on a detail page, with the value the spider would keep."""
    checks = []
    for name, expr in spider.source.detail_fields.items():
        if name in IMAGE_FIELDS:
            raw = image_values(response.selector, expr)
            values = spider._parse_image_urls(response, {name: expr}, response)
            checks.append(SelectorCheck(f"detail.fields.{name}", expr, len(raw), _shown(values)))
            continue
        found = select(response.selector, expr)
        text = spider._parse_text(response, expr)
        checks.append(
            SelectorCheck(f"detail.fields.{name}", expr, len(found), _shown([text] if text else []))
        )
    return checks


def format_report(report: CheckReport | Mapping[str, Any]) -> str:
    """Return the report (or its JSON shape) as text for a person: pages, selectors, errors."""
    if not isinstance(report, CheckReport):
        report = CheckReport.from_dict(report)
    lines = [f"source {report.source}, query {report.query!r}", "pages:"]
    lines += [f"  {p.kind:<8} HTTP {p.status}  {p.url}" for p in report.pages] or ["  (none)"]
    lines.append("selectors:")
    width = max((len(s.where) for s in report.selectors), default=0)
    for s in report.selectors:
        mark = "ok   " if s.found else "EMPTY"
        shown = ", ".join(repr(v) for v in s.values)
        lines.append(f"  {mark} {s.where:<{width}}  {s.found:>3} found  {s.selector}")
        if shown:
            lines.append(f"        {'':<{width}}  e.g. {shown}")
    if not report.selectors:
        lines.append("  (none read)")
    if report.empty:
        lines.append(f"found nothing: {', '.join(report.empty)}")
    if report.errors:
        lines.append("errors:")
        lines += [f"  {e}" for e in report.errors]
    return "\n".join(lines)
