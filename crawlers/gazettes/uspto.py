"""USPTO trademark daily applications XML (the `case-file` format), zipped or not.

<trademark-applications-daily><application-information><file-segments><action-keys>
<case-file> with serial-number, registration-number, case-file-header (filing-date,
mark-identification, status-code, published-for-opposition-date), case-file-statements
(type-code GSnnnn: goods and services), classifications/classification/international-code and
the current owner among case-file-owners (party-name, nationality/country or nationality/state).
The real files open with an internal DTD subset of element declarations, which is read; entity
declarations are refused. Records are streamed and dropped once read, so memory stays flat on
100,000 case files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from crawlers.gazettes.records import GazetteRecord, clean, parse_classes, parse_date
from crawlers.gazettes.xmlstream import Dialect, iter_records, local_name, namespace, raw_xml

ROOTS = ("trademark-applications-daily", "trademark-applications-annual")
DIALECT = Dialect(
    what="a USPTO trademark applications file (<trademark-applications-daily>)",
    record="case-file",
    root_ok=lambda tag: namespace(tag) == "" and local_name(tag) in ROOTS,
    known_namespace=lambda ns: ns == "",
)


def parse_uspto(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per case-file of a USPTO daily (or annual) applications file."""
    for ordinal, elem in iter_records(path, DIALECT):
        yield _parse_case_file(path, ordinal, elem)


def _parse_case_file(path: Path, ordinal: int, elem: Element) -> GazetteRecord:
    """Turn one case-file element into a record."""
    serial = clean(elem.findtext("serial-number"))
    where = f"record {ordinal}" + (f" (serial {serial})" if serial else "")
    header = elem.find("case-file-header")
    if header is None:
        header = Element("case-file-header")
    registration = clean(elem.findtext("registration-number"))
    owner = _owner(elem)
    return GazetteRecord(
        format="uspto",
        office="US",
        application_number=serial,
        registration_number=None
        if not registration or not registration.strip("0")
        else registration,
        mark_text=clean(header.findtext("mark-identification")) or "",
        classes=parse_classes(
            *(c.text for c in elem.iterfind("classifications/classification/international-code"))
        ),
        goods=_goods(elem),
        applicant_name=None if owner is None else clean(owner.findtext("party-name")),
        applicant_country=_country(owner),
        filing_date=parse_date(
            header.findtext("filing-date"), file=path, where=where, field="filing-date"
        ),
        publication_date=parse_date(
            header.findtext("published-for-opposition-date"),
            file=path,
            where=where,
            field="published-for-opposition-date",
        ),
        status=clean(header.findtext("status-code")),
        kind=None,
        image_url=None,
        raw=raw_xml(elem),
    )


def _goods(elem: Element) -> str | None:
    """Join the goods and services statements (type codes GSnnnn)."""
    texts = []
    for statement in elem.iterfind("case-file-statements/case-file-statement"):
        code = statement.findtext("type-code") or ""
        text = clean(statement.findtext("text"))
        if code.startswith("GS") and text:
            texts.append(text)
    return "; ".join(texts) or None


def _owner(elem: Element) -> Element | None:
    """Return the current owner: the highest party-type, the first listed on a tie.

    Party types rise with the case's life: 10 original applicant, 20 owner at publication,
    30 original registrant, 4x later owners after assignment or change of name.
    """
    owners = elem.findall("case-file-owners/case-file-owner")
    return max(owners, key=_party_rank) if owners else None


def _party_rank(owner: Element) -> int:
    """Return an owner's party-type as a number (-1 when it has none)."""
    text = (owner.findtext("party-type") or "").strip()
    return int(text) if text.isdigit() else -1


def _country(owner: Element | None) -> str | None:
    """Return the owner's nationality (a US state means US), else its address country."""
    if owner is None:
        return None
    country = clean(owner.findtext("nationality/country"))
    if country:
        return country
    if clean(owner.findtext("nationality/state")):
        return "US"
    return clean(owner.findtext("country"))
