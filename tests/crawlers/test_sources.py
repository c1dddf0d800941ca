"""Source files: the shipped ones load, and each kind of bad file is refused with file, field, reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.sources import (
    DEFAULT_MAX_PAGES,
    GazetteSource,
    MarketplaceSource,
    SourceError,
    load_source,
    load_sources,
)

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
name: shop-one
kind: marketplace
start_urls: ["https://shop.example.test/s?q={query}"]
list:
  item: "div.result"
  fields: {title: "h3 a::text", url: "h3 a::attr(href)"}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_sources_load_without_errors() -> None:
    sources, errors = load_sources([ROOT / "data" / "sources"])
    assert errors == []
    demo = next(s for s in sources if s.name == "demo-market")
    assert isinstance(demo, MarketplaceSource)
    assert demo.start_urls == ("http://127.0.0.1:5001/search?q={query}",)
    assert demo.detail_fields["description"] == "#desc ::text"
    assert demo.schedule == "0 3 * * *"
    assert demo.robots is True


def test_minimal_marketplace_gets_defaults(tmp_path: Path) -> None:
    source = load_source(write(tmp_path, "a.yaml", GOOD))
    assert isinstance(source, MarketplaceSource)
    assert source.max_pages == DEFAULT_MAX_PAGES
    assert (source.next_page, source.schedule, source.sponsored) == (None, None, None)
    assert dict(source.detail_fields) == {}
    assert source.classes == ()
    assert source.robots is True


def test_optional_marketplace_fields(tmp_path: Path) -> None:
    text = GOOD + "classes: [21, 35]\nrobots: false\nsponsored: \"xpath://span[@class='ad']\"\n"
    text += "max_pages: 2\nschedule: '*/30 * * * 1-5'\n"
    source = load_source(write(tmp_path, "a.yaml", text))
    assert isinstance(source, MarketplaceSource)
    assert (source.classes, source.robots, source.max_pages) == ((21, 35), False, 2)
    assert source.sponsored == "xpath://span[@class='ad']"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("kind: gazette\nurl: /tmp/g.xml\nformat: st66\n", None),
        (
            "kind: gazette\nurl: https://gazette.example.test/daily.zip\nschedule: '0 6 * * *'\n",
            None,
        ),
        ("kind: gazette\nurl: ftp://gazette.example.test/x\n", "url"),
        ("kind: gazette\nurl: /tmp/g.xml\nformat: pdf\n", "format"),
        ("kind: gazette\n", "url"),
    ],
    ids=["file-path", "http-url-schedule", "ftp-refused", "unknown-format", "url-missing"],
)
def test_gazette_sources(tmp_path: Path, text: str, field: str | None) -> None:
    path = write(tmp_path, "g.yaml", "name: gaz\n" + text)
    if field is None:
        assert isinstance(load_source(path), GazetteSource)
    else:
        with pytest.raises(SourceError) as info:
            load_source(path)
        assert (info.value.file, info.value.field) == (path, field)


BAD_CASES = [
    ("name: Shop One\n", "name", "a-z"),
    ("kind: shop\n", "kind", "unknown kind"),
    ("start_urls: ['ftp://x.test/{query}']\n", "start_urls[0]", "http"),
    ("start_urls: []\n", "start_urls", "non-empty"),
    ("list: {item: 'div[', fields: {title: a, url: b}}\n", "list.item", "does not parse"),
    ("list: {item: div, fields: {title: 'xpath://a[', url: b}}\n", "list.fields.title", "parse"),
    ("list: {item: div, fields: {title: a}}\n", "list.fields.url", "required"),
    ("list: {item: div, fields: {title: a, url: b, colour: c}}\n", "list.fields.colour", "unknown"),
    (
        "list: {item: div, fields: {title: a, url: b}, next_page: 'a..b'}\n",
        "list.next_page",
        "parse",
    ),
    ("detail: {fields: {description: '#d >> p'}}\n", "detail.fields.description", "parse"),
    ("max_pages: 0\n", "max_pages", ">= 1"),
    ("max_pages: many\n", "max_pages", "integer"),
    ("schedule: '0 3 * *'\n", "schedule", "5 fields"),
    ("schedule: '61 3 * * *'\n", "schedule", "bad cron"),
    ("classes: [99]\n", "classes", "1-45"),
    ("robots: maybe\n", "robots", "true or false"),
    ("sponsored: '.ad['\n", "sponsored", "parse"),
    ("colour: red\n", "colour", "unknown field"),
]


@pytest.mark.parametrize(
    ("override", "field", "reason"),
    BAD_CASES,
    ids=[f"{field}-{reason}" for _, field, reason in BAD_CASES],
)
def test_bad_marketplace_field_is_named(
    tmp_path: Path, override: str, field: str, reason: str
) -> None:
    key = override.split(":", 1)[0]
    lines = [line for line in GOOD.splitlines() if not line.startswith(key + ":")]
    if key == "list":
        lines = [ln for ln in lines if not ln.startswith("  ")]
    path = write(tmp_path, "bad.yaml", "\n".join(lines) + "\n" + override)
    with pytest.raises(SourceError) as info:
        load_source(path)
    assert info.value.file == path
    assert info.value.field == field
    assert reason in info.value.reason
    assert str(path) in str(info.value)


def test_one_bad_file_never_stops_the_others(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir()
    user.mkdir()
    write(shipped, "one.yaml", GOOD)
    write(shipped, "broken.yaml", "name: [unclosed\n")
    write(user, "two.yaml", GOOD.replace("shop-one", "shop-two"))
    write(user, "dupe.yaml", GOOD)
    write(user, "notes.txt", "not a source")
    sources, errors = load_sources([shipped, user, tmp_path / "missing"])
    assert [s.name for s in sources] == ["shop-one", "shop-two"]
    refused = {(e.file.name, e.field) for e in errors}
    assert refused == {("broken.yaml", "(file)"), ("dupe.yaml", "name")}
    dupe = next(e for e in errors if e.file.name == "dupe.yaml")
    assert "already defined" in dupe.reason and "one.yaml" in dupe.reason
