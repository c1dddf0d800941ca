"""USPTO trademark daily applications XML (the `case-file` format), zipped or not.

<trademark-applications-daily><application-information><file-segments><action-keys>
<case-file> with serial-number, registration-number, case-file-header (filing-date,
mark-identification, status-code, published-for-opposition-date), case-file-statements
(type-code GSnnnn: goods and services), classifications/classification/international-code and
case-file-owners/case-file-owner (party-name, nationality/country or nationality/state).
Records are streamed and dropped once read, so memory stays flat on 100,000 case files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from crawlers.gazettes.records import GazetteRecord, clean, parse_classes, parse_date
from crawlers.gazettes.xmlstream import iter_records, raw_xml

ROOTS = ("trademark-applications-daily", "trademark-applications-annual")


def parse_uspto(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per case-file of a USPTO daily (or annual) applications file."""
    for ordinal, elem in iter_records(
        path,
        namespaces=("",),
        roots=ROOTS,
        record="case-file",
        what="a USPTO trademark applications file (<trademark-applications-daily>)",
    ):
        yield _parse_case_file(path, ordinal, elem)


def _parse_case_file(path: Path, ordinal: int, elem: Element) -> GazetteRecord:
    """Turn one case-file element into a record."""
    serial = clean(elem.findtext("serial-number"))
    where = f"record {ordinal}" + (f" (serial {serial})" if serial else "")
    header = elem.find("case-file-header")
    if header is None:
        header = Element("case-file-header")
    registration = clean(elem.findtext("registration-number"))
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
        applicant_name=clean(elem.findtext("case-file-owners/case-file-owner/party-name")),
        applicant_country=_country(elem),
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


def _country(elem: Element) -> str | None:
    """Return the first owner's nationality (a US state means US), else its address country."""
    owner = elem.find("case-file-owners/case-file-owner")
    if owner is None:
        return None
    country = clean(owner.findtext("nationality/country"))
    if country:
        return country
    if clean(owner.findtext("nationality/state")):
        return "US"
    return clean(owner.findtext("country"))
