"""Tell a gazette file's format from its content: XML root and namespace, JSON, or CSV header."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as safe_et

from crawlers.gazettes import st66, st96, uspto
from crawlers.gazettes.csv_rows import REQUIRED, decode_csv
from crawlers.gazettes.records import GazetteError
from crawlers.gazettes.xmlstream import local_name, namespace, open_xml

_HEAD = 4096


def sniff_format(path: Path) -> str:
    """Return st66, st96, uspto, cnipa or csv for the file, or refuse it with the reason."""
    if zipfile.is_zipfile(path):
        return _sniff_xml(path)
    with open(path, "rb") as handle:
        head = handle.read(_HEAD)
    text = head.decode("utf-8-sig", errors="ignore").lstrip()
    if text.startswith("<"):
        return _sniff_xml(path)
    if text.startswith(("[", "{")):
        return "cnipa"
    first_line = decode_csv(path).lstrip("\ufeff").splitlines()[:1]
    header = {h.strip().lower() for h in first_line[0].split(",")} if first_line else set()
    if set(REQUIRED) <= header:
        return "csv"
    raise GazetteError(
        path,
        "start of file",
        "cannot tell the format: not ST.66, ST.96 or USPTO XML, not CNIPA JSON, "
        f"and not a CSV whose header has {', '.join(REQUIRED)}",
    )


def _sniff_xml(path: Path) -> str:
    """Return the XML format named by the root element and its namespace."""
    try:
        with open_xml(path) as handle:
            for _event, elem in safe_et.iterparse(handle, events=("start",)):
                return _format_of(path, elem.tag)
    except ParseError as exc:
        raise GazetteError(path, "start of file", f"the XML is broken ({exc})") from exc
    except defusedxml.DefusedXmlException as exc:
        raise GazetteError(
            path,
            "start of file",
            f"refused: entities or external references ({type(exc).__name__})",
        ) from exc
    raise GazetteError(path, "start of file", "the XML has no root element")


def _format_of(path: Path, tag: str) -> str:
    """Map a root tag to a format name."""
    if namespace(tag) == st66.NAMESPACE:
        return "st66"
    if namespace(tag) == st96.TRADEMARK:
        return "st96"
    if namespace(tag) == "" and local_name(tag) in uspto.ROOTS:
        return "uspto"
    raise GazetteError(
        path,
        "root element",
        f"<{local_name(tag)}> in namespace {namespace(tag) or '(none)'} is not a known gazette "
        f"format (ST.66 {st66.NAMESPACE}, ST.96 {st96.TRADEMARK}, USPTO <{uspto.ROOTS[0]}>)",
    )
