"""Tell a gazette file's format from its content: XML root and namespace, JSON, or CSV header."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as safe_et

from crawlers.gazettes import st66, st96, uspto
from crawlers.gazettes.csv_rows import REQUIRED, decode_csv
from crawlers.gazettes.records import GazetteError
from crawlers.gazettes.wipo import is_st66_namespace, is_st96_namespace
from crawlers.gazettes.xmlstream import local_name, namespace, open_xml

_HEAD = 4096
_PEEK = 200  # elements looked at to tell ST.66 from ST.96 when the namespace does not
_ST66_NAMES = {"TradeMark", "TradeMarkDetails", "TradeMarkTransactionBody"}
_ST96_NAMES = {"Trademark", "TrademarkBag", "TrademarkTransactionBody"}


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
    """Return the XML format told by the root element, its namespace, and the first elements."""
    names: list[str] = []
    root = ""
    try:
        with open_xml(path) as handle:
            for _event, elem in safe_et.iterparse(handle, events=("start",)):
                if not root:
                    root = elem.tag
                    if found := _format_of_root(root):
                        return found
                names.append(local_name(elem.tag))
                if _format_of_names(names[-1:]) or len(names) >= _PEEK:
                    break
    except ParseError as exc:
        if root:
            return _format_of_names(names) or _refuse(path, root)
        raise GazetteError(path, "start of file", f"the XML is broken ({exc})") from exc
    except defusedxml.DefusedXmlException as exc:
        raise GazetteError(
            path,
            "start of file",
            f"refused: entities or external references ({type(exc).__name__})",
        ) from exc
    if not root:
        raise GazetteError(path, "start of file", "the XML has no root element")
    return _format_of_names(names) or _refuse(path, root)


def _format_of_root(tag: str) -> str | None:
    """Map a root tag to a format name by its namespace (or USPTO's root name)."""
    ns = namespace(tag)
    if ns == "" and local_name(tag) in uspto.ROOTS:
        return "uspto"
    if is_st66_namespace(ns):
        return "st66"
    if is_st96_namespace(ns):
        return "st96"
    return None


def _format_of_names(names: list[str]) -> str | None:
    """Tell ST.66 from ST.96 by the element names seen (TradeMark versus Trademark)."""
    for name in names:
        if name in _ST66_NAMES:
            return "st66"
        if name in _ST96_NAMES:
            return "st96"
    return None


def _refuse(path: Path, tag: str) -> NoReturn:
    """Refuse an XML file of no known gazette format, naming its root and namespace."""
    raise GazetteError(
        path,
        "root element",
        f"<{local_name(tag)}> in namespace {namespace(tag) or '(none)'} is not a known gazette "
        f"format (ST.66 {st66.NAMESPACE}, ST.96 {st96.TRADEMARK}, USPTO <{uspto.ROOTS[0]}>)",
    )
