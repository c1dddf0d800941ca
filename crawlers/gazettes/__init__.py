"""Gazette files as plain records: WIPO ST.66 and ST.96, USPTO daily XML, CNIPA JSON, CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from crawlers.gazettes.cnipa import parse_cnipa
from crawlers.gazettes.csv_rows import parse_csv
from crawlers.gazettes.records import GazetteError, GazetteRecord
from crawlers.gazettes.sniff import sniff_format
from crawlers.gazettes.st66 import parse_st66
from crawlers.gazettes.st96 import parse_st96
from crawlers.gazettes.uspto import parse_uspto

PARSERS: dict[str, Callable[[Path], Iterator[GazetteRecord]]] = {
    "st66": parse_st66,
    "st96": parse_st96,
    "uspto": parse_uspto,
    "cnipa": parse_cnipa,
    "csv": parse_csv,
}
FORMATS = tuple(PARSERS)

__all__ = ["FORMATS", "GazetteError", "GazetteRecord", "read_gazette", "sniff_format"]


def read_gazette(path: str | Path, fmt: str | None = None) -> Iterator[GazetteRecord]:
    """Yield the records of a gazette file, its format given or told from its content."""
    path = Path(path)
    if not path.is_file():
        raise GazetteError(path, "", "no such file")
    name = fmt or sniff_format(path)
    if name not in PARSERS:
        raise GazetteError(path, "", f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    return PARSERS[name](path)
