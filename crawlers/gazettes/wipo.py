"""What WIPO ST.66 and ST.96 records share, read by local names whatever the namespace version.

Both standards nest Nice classes and goods in ClassDescription elements, may tag a
classification with its kind (Nice, or a national scheme such as the USPTO's "Domestic" classes),
repeat a description in several languages (EUIPO: every EU language), date the publication or
only the opposition period, and log mark events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from crawlers.gazettes.records import clean
from crawlers.gazettes.xmlstream import children, first_text, local_name

NAMESPACE_ST66 = "http://www.wipo.int/standards/XMLSchema/trademarks"
NAMESPACE_ST96 = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
# EUIPO open data, the old OHIM CTM-Download, and TMview's national feeds
# (http://ro.tmview.europa.eu/trademark/data, http://gb.tmview.europa.eu/trademark/data, ...).
_ST66_NAMESPACES = re.compile(
    r"^https?://("
    r"www\.wipo\.int/standards/XMLSchema/trademarks"
    r"|(www\.)?(euipo|oami)\.europa\.eu/trademark/data"
    r"|([a-z]{2}\.)?tmview\.europa\.eu/trademark/data"
    r"|www\.oami\.europa\.eu/TM-Search"
    r")/?$",
    re.IGNORECASE,
)
# ST.96 in any version (V2_2 ... V8_0 share the URI), its pre-release
# http://www.wipo.int/standards/XMLSchema/Trademark/1, and offices' copies of the trademark
# namespace that still hold tmk:Trademark records, such as CIPO's
# http://www.cipo.ic.gc.ca/standards/XMLSchema/ST96/Trademark. (JPO's .../ST96/JPTrademark
# gazettes hold no tmk:Trademark and are not counted in.)
_ST96_NAMESPACES = re.compile(
    r"^https?://[^ ]+/ST96/Trademark/?$"
    r"|^https?://www\.wipo\.int/standards/XMLSchema/Trademark/\d+/?$",
    re.IGNORECASE,
)
NICE_KINDS = {"nice", "primary", "international"}
_PREFERRED_LANGUAGES = ("en",)
_PUBLISHED = re.compile(
    r"^PUBO$|published for opposition|application published|^published$|publication of appl",
    re.IGNORECASE,
)
_NO_IMAGE = re.compile(r"^no image", re.IGNORECASE)


def is_st66_namespace(ns: str) -> bool:
    """Tell whether a namespace is one ST.66 is published under."""
    return bool(_ST66_NAMESPACES.match(ns))


def is_st96_namespace(ns: str) -> bool:
    """Tell whether a namespace is one ST.96 trademarks are published under."""
    return bool(_ST96_NAMESPACES.match(ns))


def goods_part(record: Element) -> Element:
    """Return the goods and services part of a record (the record itself when there is none).

    Limiting the search keeps the classes and goods of a priority claim or an earlier mark out.
    """
    for name in ("GoodsServicesBag", "GoodsServicesDetails"):
        for child in children(record, name):
            return child
    return record


def nice_classes(record: Element) -> list[str]:
    """Return the class numbers of the record's Nice classifications, skipping national ones."""
    part = goods_part(record)
    found = [text for holder in _class_holders(part) for text in _class_numbers(holder)]
    if found:
        return found
    return [t for c in part.iter() if local_name(c.tag) == "ClassNumber" if (t := clean(c.text))]


def _class_holders(part: Element) -> Iterator[Element]:
    """Yield the elements holding a ClassNumber whose classification kind is Nice (or unsaid)."""
    for elem in part.iter():
        if local_name(elem.tag) not in ("GoodsServicesClassification", "ClassDescription"):
            continue
        kinds = [t for c in children(elem, "ClassificationKindCode") if (t := clean(c.text))]
        if not kinds or kinds[0].casefold() in NICE_KINDS:
            yield elem


def _class_numbers(holder: Element) -> Iterator[str]:
    """Yield the texts of a holder's direct ClassNumber children."""
    for child in children(holder, "ClassNumber"):
        if text := clean(child.text):
            yield text


def goods_text(record: Element, language: str | None) -> str | None:
    """Join the goods of every class, each in one language: English, the filing one, or first."""
    texts = []
    for elem in goods_part(record).iter():
        if local_name(elem.tag) != "ClassDescription":
            continue
        described = [
            (_attr(c, "languageCode"), text)
            for c in elem
            if local_name(c.tag) in ("GoodsServicesDescription", "GoodsServicesDescriptionText")
            if (text := clean(c.text))
        ]
        if chosen := _in_language(described, language):
            texts.append(chosen)
    return "; ".join(texts) or None


def _attr(elem: Element, name: str) -> str | None:
    """Return an attribute by local name, whatever its namespace (ST.96: com:languageCode)."""
    for key, value in elem.attrib.items():
        if local_name(key) == name:
            return value
    return None


def _in_language(described: list[tuple[str | None, str]], language: str | None) -> str | None:
    """Pick the text in the preferred language among a class's descriptions."""
    if not described:
        return None
    for wanted in (*_PREFERRED_LANGUAGES, language):
        for code, text in described:
            if wanted and code and code.casefold() == wanted.casefold():
                return text
    if all(code is None for code, _ in described):
        return "; ".join(text for _, text in described)
    return described[0][1]


def mark_text(record: Element) -> str:
    """Return the mark's verbal element (the significant one when the full one is missing)."""
    part = next(iter(children(record, "MarkRepresentation")), record)
    return (
        first_text(part, "MarkVerbalElementText")
        or first_text(record, "MarkVerbalElementText", "MarkSignificantVerbalElementText")
        or ""
    )


def image_name(record: Element) -> str | None:
    """Return the URI or file name of the first mark image ("No image available" is none)."""
    for elem in record.iter():
        if local_name(elem.tag) != "MarkImage":
            continue
        names = ("MarkImageURI", "URI", "MarkImageFilename", "FileName", "ImageFileName")
        text = first_text(elem, *names)
        if text and not _NO_IMAGE.match(text):
            return text
    return None


def published_event_date(record: Element) -> str | None:
    """Return the date of the latest "published for opposition" mark event, as written."""
    dates = []
    for event in record.iter():
        if local_name(event.tag) != "MarkEvent":
            continue
        labels = [
            c.text or ""
            for c in event.iter()
            if local_name(c.tag)
            in (
                "MarkEventCode",
                "MarkEventCategory",
                "MarkEventDescriptionText",
                "MarkEventInternalDescriptionText",
            )
        ]
        when = first_text(event, "MarkEventDate")
        if when and any(_PUBLISHED.search(label.strip()) for label in labels):
            dates.append(when)
    return max(dates, key=lambda d: d[:10]) if dates else None
