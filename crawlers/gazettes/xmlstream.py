"""Stream the record elements of a gazette XML file safely (defusedxml) and with flat memory."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
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


def iter_records(
    path: Path, *, namespaces: tuple[str, ...], roots: tuple[str, ...], record: str, what: str
) -> Iterator[tuple[int, Element]]:
    """Yield (ordinal, element) for each record element, checking the root first.

    The root must be in one of `namespaces` and have a local name in `roots` (empty: any).
    Each record is detached from its parent once the caller is done with it.
    """
    count = 0
    stack: list[Element] = []
    try:
        with open_xml(path) as handle:
            for event, elem in safe_et.iterparse(handle, events=("start", "end"), forbid_dtd=False):
                if event == "start":
                    if not stack:
                        _check_root(path, elem.tag, namespaces, roots, what)
                    stack.append(elem)
                    continue
                stack.pop()
                if local_name(elem.tag) == record and namespace(elem.tag) in namespaces:
                    count += 1
                    yield count, elem
                    if stack:
                        stack[-1].remove(elem)
                    elem.clear()
    except ParseError as exc:
        line, column = exc.position
        raise GazetteError(
            path,
            f"line {line}, column {column}, after record {count}",
            f"the XML is broken or cut short ({exc})",
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise GazetteError(
            path,
            f"after record {count}",
            f"refused: the file declares entities or external references ({type(exc).__name__})",
        ) from exc
    except (zipfile.BadZipFile, EOFError) as exc:
        raise GazetteError(
            path, f"after record {count}", f"the zip archive is damaged ({exc})"
        ) from exc


def _check_root(
    path: Path, tag: str, namespaces: tuple[str, ...], roots: tuple[str, ...], what: str
) -> None:
    """Refuse a document whose root element is not the expected one."""
    if namespace(tag) in namespaces and (not roots or local_name(tag) in roots):
        return
    found = f"<{local_name(tag)}>" + (f" in namespace {namespace(tag)}" if namespace(tag) else "")
    raise GazetteError(path, "root element", f"{found} is not {what}")


def raw_xml(elem: Element) -> str:
    """Return the element serialised as XML text, kept as evidence."""
    return tostring(elem, encoding="unicode")


def first_text(elem: Element, *names: str) -> str | None:
    """Return the first non-empty text of a descendant with one of the local names, in order."""
    for name in names:
        for child in elem.iter():
            if local_name(child.tag) == name and (text := clean(child.text)):
                return text
    return None


def all_texts(elem: Element, name: str) -> list[str]:
    """Return the non-empty texts of every descendant with the local name."""
    texts = []
    for child in elem.iter():
        if local_name(child.tag) == name and (text := clean(child.text)):
            texts.append(text)
    return texts


def first_child(elem: Element, name: str) -> Element | None:
    """Return the first descendant with the local name."""
    for child in elem.iter():
        if local_name(child.tag) == name:
            return child
    return None
