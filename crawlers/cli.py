"""What the crawler command lines (`python -m crawlers.run`, `.check`, `.distributed…`) share."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawlers.sources import MarketplaceSource, SourceError, load_source


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """Scrapy settings from `SETTING=VALUE` pairs; SystemExit names a pair without `=`."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"--set expects SETTING=VALUE, got {pair!r}")
        overrides[key.strip()] = value.strip()
    return overrides


def marketplace_source(file: Path) -> MarketplaceSource | None:
    """The marketplace source in `file`, or None after saying on stderr why it is refused."""
    try:
        source = load_source(file)
    except SourceError as exc:
        print(f"source refused: {exc}", file=sys.stderr)
        return None
    if not isinstance(source, MarketplaceSource):
        print(f"source refused: {source.file}: kind: not a marketplace source", file=sys.stderr)
        return None
    return source
