"""Load and validate the YAML source files (marketplaces and gazettes) into frozen records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from cronsim import CronSim, CronSimError
from cssselect import SelectorError
from parsel import Selector

KINDS = ("marketplace", "gazette")
GAZETTE_FORMATS = ("st66", "st96", "uspto", "cnipa", "csv")
LIST_FIELDS = ("title", "url", "price", "seller", "image", "images", "description")
DETAIL_FIELDS = ("title", "price", "seller", "image", "images", "description")
DEFAULT_MAX_PAGES = 5
NAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
MARKETPLACE_KEYS = frozenset(
    {"name", "kind", "start_urls", "list", "detail", "max_pages", "schedule", "classes", "robots"}
    | {"sponsored"}
)
GAZETTE_KEYS = frozenset({"name", "kind", "format", "url", "schedule"})
XPATH_PREFIX = "xpath:"


class SourceError(Exception):
    """A source file refused: which file, which field and why."""

    def __init__(self, file: Path, field: str, reason: str) -> None:
        super().__init__(f"{file}: {field}: {reason}")
        self.file = file
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class MarketplaceSource:
    """A marketplace to search once per watched mark text, read with CSS or XPath selectors."""

    name: str
    file: Path
    start_urls: tuple[str, ...]
    item: str
    fields: Mapping[str, str]
    next_page: str | None = None
    detail_fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    max_pages: int = DEFAULT_MAX_PAGES
    schedule: str | None = None
    classes: tuple[int, ...] = ()
    robots: bool = True
    sponsored: str | None = None
    kind: str = "marketplace"


@dataclass(frozen=True)
class GazetteSource:
    """A trademark gazette read from a URL or a file; `format` None lets the content decide."""

    name: str
    file: Path
    url: str
    format: str | None = None
    schedule: str | None = None
    kind: str = "gazette"


Source = MarketplaceSource | GazetteSource


def check_selector(expr: object) -> str | None:
    """Return why a CSS or `xpath:` selector does not parse, or None when it does."""
    if not isinstance(expr, str) or not expr.strip():
        return "must be a non-empty selector string"
    probe = Selector(text="<html/>")
    try:
        if expr.startswith(XPATH_PREFIX):
            probe.xpath(expr[len(XPATH_PREFIX) :].strip())
        else:
            probe.css(expr)
    except (SelectorError, ValueError) as exc:
        return f"selector does not parse: {exc}"
    return None


def check_cron(expr: object) -> str | None:
    """Return why a 5-field cron expression is invalid, or None when it is valid."""
    if not isinstance(expr, str) or len(expr.split()) != 5:
        return "must be a cron expression of 5 fields (minute hour day month weekday)"
    try:
        CronSim(expr, datetime(2000, 1, 1))
    except CronSimError as exc:
        return f"bad cron expression: {exc}"
    return None


def _is_http(url: str) -> bool:
    return re.match(r"^https?://[^/\s]+", url) is not None


def _require(raw: Mapping[str, Any], key: str, file: Path, where: str = "") -> Any:
    if key not in raw or raw[key] in (None, ""):
        raise SourceError(file, f"{where}{key}", "required")
    return raw[key]


def _selector(value: object, file: Path, where: str) -> str:
    reason = check_selector(value)
    if reason:
        raise SourceError(file, where, reason)
    assert isinstance(value, str)
    return value


def _fields(raw: object, file: Path, where: str, allowed: tuple[str, ...]) -> Mapping[str, str]:
    if not isinstance(raw, dict):
        raise SourceError(file, where, "must be a mapping of field name to selector")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise SourceError(
                file, f"{where}.{key}", f"unknown field (known: {', '.join(allowed)})"
            )
        out[key] = _selector(value, file, f"{where}.{key}")
    return MappingProxyType(out)


def _schedule(raw: Mapping[str, Any], file: Path) -> str | None:
    value = raw.get("schedule")
    if value is None:
        return None
    reason = check_cron(value)
    if reason:
        raise SourceError(file, "schedule", reason)
    assert isinstance(value, str)
    return value


def _start_urls(raw: Mapping[str, Any], file: Path) -> tuple[str, ...]:
    urls = _require(raw, "start_urls", file)
    if isinstance(urls, str):
        urls = [urls]
    if not isinstance(urls, list) or not urls:
        raise SourceError(file, "start_urls", "must be a non-empty list of URLs")
    for i, url in enumerate(urls):
        if not isinstance(url, str) or not _is_http(url):
            raise SourceError(file, f"start_urls[{i}]", f"not an http(s) URL: {url!r}")
    return tuple(urls)


def _max_pages(raw: Mapping[str, Any], file: Path) -> int:
    value = raw.get("max_pages", DEFAULT_MAX_PAGES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SourceError(file, "max_pages", f"must be an integer >= 1, got {value!r}")
    return value


def _classes(raw: Mapping[str, Any], file: Path) -> tuple[int, ...]:
    value = raw.get("classes") or []
    if not isinstance(value, list):
        value = [value]
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= 45:
            raise SourceError(file, "classes", f"Nice classes are integers 1-45, got {item!r}")
        out.append(item)
    return tuple(out)


def _unknown_keys(raw: Mapping[str, Any], allowed: frozenset[str], file: Path) -> None:
    for key in raw:
        if key not in allowed:
            raise SourceError(file, str(key), "unknown field")


def _marketplace(raw: Mapping[str, Any], name: str, file: Path) -> MarketplaceSource:
    _unknown_keys(raw, MARKETPLACE_KEYS, file)
    listing = _require(raw, "list", file)
    if not isinstance(listing, dict):
        raise SourceError(file, "list", "must be a mapping with item, fields and next_page")
    item = _selector(_require(listing, "item", file, "list."), file, "list.item")
    fields = _fields(_require(listing, "fields", file, "list."), file, "list.fields", LIST_FIELDS)
    for required in ("title", "url"):
        if required not in fields:
            raise SourceError(file, f"list.fields.{required}", "required")
    next_page = listing.get("next_page")
    detail = raw.get("detail") or {}
    if not isinstance(detail, dict):
        raise SourceError(file, "detail", "must be a mapping with fields")
    robots = raw.get("robots", True)
    if not isinstance(robots, bool):
        raise SourceError(file, "robots", "must be true or false")
    sponsored = raw.get("sponsored")
    return MarketplaceSource(
        name=name,
        file=file,
        start_urls=_start_urls(raw, file),
        item=item,
        fields=fields,
        next_page=None if next_page is None else _selector(next_page, file, "list.next_page"),
        detail_fields=_fields(detail.get("fields") or {}, file, "detail.fields", DETAIL_FIELDS),
        max_pages=_max_pages(raw, file),
        schedule=_schedule(raw, file),
        classes=_classes(raw, file),
        robots=robots,
        sponsored=None if sponsored is None else _selector(sponsored, file, "sponsored"),
    )


def _gazette(raw: Mapping[str, Any], name: str, file: Path) -> GazetteSource:
    _unknown_keys(raw, GAZETTE_KEYS, file)
    url = _require(raw, "url", file)
    if not isinstance(url, str) or ("://" in url and not _is_http(url)):
        raise SourceError(file, "url", f"must be an http(s) URL or a file path, got {url!r}")
    fmt = raw.get("format")
    if fmt is not None and fmt not in GAZETTE_FORMATS:
        raise SourceError(
            file, "format", f"unknown format {fmt!r} (known: {', '.join(GAZETTE_FORMATS)})"
        )
    return GazetteSource(name=name, file=file, url=url, format=fmt, schedule=_schedule(raw, file))


def parse_source(raw: object, file: Path) -> Source:
    """Validate one source file's parsed YAML; raise SourceError naming the field and reason."""
    if not isinstance(raw, dict):
        raise SourceError(file, "(file)", "must be a YAML mapping")
    name = _require(raw, "name", file)
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise SourceError(file, "name", f"use only a-z, 0-9 and -, got {name!r}")
    kind = _require(raw, "kind", file)
    if kind == "marketplace":
        return _marketplace(raw, name, file)
    if kind == "gazette":
        return _gazette(raw, name, file)
    raise SourceError(file, "kind", f"unknown kind {kind!r} (known: {', '.join(KINDS)})")


def load_source(file: Path) -> Source:
    """Read and validate one YAML source file; raise SourceError when it is refused."""
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(file, "(file)", f"cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(file, "(file)", f"not valid YAML: {exc}") from exc
    return parse_source(raw, file)


def load_sources(folders: Iterable[Path]) -> tuple[list[Source], list[SourceError]]:
    """Load every *.yaml of the folders in order; return the good sources and each refusal."""
    sources: list[Source] = []
    errors: list[SourceError] = []
    seen: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for file in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            try:
                source = load_source(file)
            except SourceError as exc:
                errors.append(exc)
                continue
            if source.name in seen:
                errors.append(
                    SourceError(
                        file, "name", f"{source.name!r} already defined in {seen[source.name]}"
                    )
                )
                continue
            seen[source.name] = file
            sources.append(source)
    return sources, errors
