"""Stream the record elements of a gazette XML file safely (defusedxml) and with flat memory.

Records are found by their local name, whatever namespace (or namespace version) the office
used, so a new schema version does not silently yield nothing. The root element is checked
first; a file whose root is in an unknown namespace and that holds no record is refused, naming
that namespace, rather than read as an empty gazette.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, tostring

import defusedxml
import defusedxml.ElementTree as safe_et

from crawlers.gazettes.records import GazetteError, clean


def local_name(tag: str) -> str:
    """Return an element tag without its namespace."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    """Return the namespace of an element tag ('' when it has none)."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


@dataclass(frozen=True)
class Dialect:
    """What a format's files look like: its record element and how its root is recognised."""

    what: str
    record: str
    root_ok: Callable[[str], bool]
    known_namespace: Callable[[str], bool]


@contextmanager
def open_xml(path: Path) -> Iterator[IO[bytes]]:
    """Open an XML file, or the first XML member of a zip archive."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".xml")]
            if not names:
                raise GazetteError(path, "zip archive", "it holds no .xml file")
            with archive.open(names[0]) as member:
                yield member
    else:
        with open(path, "rb") as handle:
            yield handle


def stream_ends(
    path: Path, dialect: Dialect, count: Callable[[], int]
) -> Iterator[tuple[Element, list[Element]]]:
    """Yield (element, open ancestors) at the end of every element, after checking the root.

    The caller detaches what it has finished with (see `detach`); `count` tells how many
    records were read so far, for the place given in error messages.
    """
    stack: list[Element] = []
    try:
        with open_xml(path) as handle:
            for event, elem in safe_et.iterparse(handle, events=("start", "end"), forbid_dtd=False):
                if event == "start":
                    if not stack:
                        check_root(path, elem.tag, dialect)
                    stack.append(elem)
                    continue
                stack.pop()
                yield elem, stack
    except ParseError as exc:
        line, column = exc.position
        raise GazetteError(
            path,
            f"line {line}, column {column}, after record {count()}",
            f"the XML is broken or cut short ({exc})",
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise GazetteError(
            path,
            f"after record {count()}",
            f"refused: the file declares entities or external references ({type(exc).__name__})",
        ) from exc
    except (zipfile.BadZipFile, EOFError) as exc:
        raise GazetteError(
            path, f"after record {count()}", f"the zip archive is damaged ({exc})"
        ) from exc


def iter_records(path: Path, dialect: Dialect) -> Iterator[tuple[int, Element]]:
    """Yield (ordinal, element) for each outermost record element, by local name.

    Each record is detached from its parent once the caller is done with it.
    """
    read = [0]  # records so far, seen by the error messages of stream_ends
    root: Element | None = None
    for elem, ancestors in stream_ends(path, dialect, lambda: read[0]):
        if not ancestors:
            root = elem
        elif is_record(elem, ancestors, dialect.record):
            read[0] += 1
            yield read[0], elem
            detach(elem, ancestors)
    if read[0] == 0 and root is not None:
        refuse_if_foreign(path, root.tag, dialect)


def is_record(elem: Element, ancestors: list[Element], record: str) -> bool:
    """Tell whether the element is a record not nested in another record."""
    if local_name(elem.tag) != record:
        return False
    return not any(local_name(a.tag) == record for a in ancestors)


def detach(elem: Element, ancestors: list[Element]) -> None:
    """Drop a finished element from the tree being built, to keep memory flat."""
    if ancestors:
        ancestors[-1].remove(elem)
    elem.clear()


def check_root(path: Path, tag: str, dialect: Dialect) -> None:
    """Refuse a document whose root element is not one of the format's."""
    if dialect.root_ok(tag):
        return
    raise GazetteError(path, "root element", f"{describe(tag)} is not {dialect.what}")


def refuse_if_foreign(path: Path, tag: str, dialect: Dialect) -> None:
    """Refuse a file with no record whose root namespace is not one the format is known by."""
    if dialect.known_namespace(namespace(tag)):
        return
    raise GazetteError(
        path,
        "root element",
        f"no <{dialect.record}> record found under {describe(tag)}: "
        f"an unknown namespace or version of {dialect.what}",
    )


def describe(tag: str) -> str:
    """Name an element and its namespace for a message."""
    ns = namespace(tag)
    return f"<{local_name(tag)}>" + (f" in namespace {ns}" if ns else "")


def raw_xml(elem: Element) -> str:
    """Return the element serialised as XML text, kept as evidence."""
    return tostring(elem, encoding="unicode")


def first_text(elem: Element | None, *names: str) -> str | None:
    """Return the first non-empty text of a descendant with one of the local names, in order."""
    if elem is None:
        return None
    for name in names:
        for child in elem.iter():
            if local_name(child.tag) == name and (text := clean(child.text)):
                return text
    return None


def all_texts(elem: Element | None, name: str) -> list[str]:
    """Return the non-empty texts of every descendant with the local name."""
    if elem is None:
        return []
    return [
        text
        for child in elem.iter()
        if local_name(child.tag) == name and (text := clean(child.text))
    ]


def first_child(elem: Element | None, name: str) -> Element | None:
    """Return the first descendant with the local name."""
    if elem is None:
        return None
    for child in elem.iter():
        if local_name(child.tag) == name:
            return child
    return None


def children(elem: Element | None, name: str) -> list[Element]:
    """Return the direct children with the local name."""
    return [] if elem is None else [c for c in elem if local_name(c.tag) == name]


def own_text(elem: Element, *names: str) -> str | None:
    """Return the text of a direct child with one of the names, else of any descendant.

    A record's own number or date is a direct child; the same names also occur deeper (a
    priority claim's application number, an associated mark's), which must not win.
    """
    for name in names:
        for child in children(elem, name):
            if text := clean(child.text):
                return text
    return first_text(elem, *names)
