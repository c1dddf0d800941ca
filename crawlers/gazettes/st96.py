"""WIPO ST.96 trademark XML: tmk:TrademarkTransaction, tmk:TrademarkApplication, ... tmk:Trademark.

Read by local names, so every ST.96 version (V2_2 ... V8_0 share the namespace URI), the
pre-release http://www.wipo.int/standards/XMLSchema/Trademark/1 with its tmk:Transaction root
(older USPTO TSDR files), offices' extensions (CIPO's catmk:) and com: or tmk: placement of the
common elements (ApplicationDate moved to com: in later versions) all work.

Per tmk:Trademark: com:RegistrationOfficeCode (else the application number's IPOfficeCode),
com:ApplicationNumber (ApplicationNumberText, else CIPO's ST13ApplicationNumber), never a
priority claim's or an associated mark's number, com:RegistrationNumber, ApplicationDate,
MarkVerbalElementText, Nice ClassNumber (classifications of another kind, such as the USPTO's
"Domestic" classes, are skipped) and GoodsServicesDescriptionText (one language per class), the
first applicant (com:EntityName, OrganizationStandardName, PersonFullName or first and last
names; nationality, incorporation or address country), the publication date (com:PublicationDate,
else CIPO's PublicationActionDate, else the opposition period's start, else a "published for
opposition" mark event), MarkCurrentStatusCode (else its description), and the mark image's
URI or file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from crawlers.gazettes.records import GazetteRecord, clean, parse_classes, parse_date
from crawlers.gazettes.wipo import (
    NAMESPACE_ST96,
    goods_text,
    image_name,
    is_st66_namespace,
    is_st96_namespace,
    mark_text,
    nice_classes,
    published_event_date,
)
from crawlers.gazettes.xmlstream import (
    Dialect,
    children,
    first_text,
    iter_records,
    local_name,
    namespace,
    own_text,
    raw_xml,
)

TRADEMARK = NAMESPACE_ST96
COMMON = "http://www.wipo.int/standards/XMLSchema/ST96/Common"


def _root_ok(tag: str) -> bool:
    """Accept an ST.96 namespace, or an ST.96-like root in a namespace that is not ST.66's."""
    ns = namespace(tag)
    if is_st96_namespace(ns):
        return True
    name = local_name(tag)
    return not is_st66_namespace(ns) and (name.startswith("Trademark") or name == "Transaction")


DIALECT = Dialect(
    what=f"a WIPO ST.96 trademark document (namespace {TRADEMARK})",
    record="Trademark",
    root_ok=_root_ok,
    known_namespace=is_st96_namespace,
)


def parse_st96(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per ST.96 tmk:Trademark element of the file."""
    for ordinal, elem in iter_records(path, DIALECT):
        yield _parse_trademark(path, ordinal, elem)


def _parse_trademark(path: Path, ordinal: int, elem: Element) -> GazetteRecord:
    """Turn one tmk:Trademark element into a record."""
    number_part = next(iter(children(elem, "ApplicationNumber")), None)
    number = _application_number(number_part)
    where = f"record {ordinal}" + (f" (application {number})" if number else "")
    applicant = next((a for bag in children(elem, "ApplicantBag") for a in bag), None)
    publication = _publication(elem)
    field, published = _published(elem, publication)
    return GazetteRecord(
        format="st96",
        office=own_text(elem, "RegistrationOfficeCode")
        or first_text(number_part, "IPOfficeCode")
        or own_text(elem, "ReceivingOfficeCode")
        or "",
        application_number=number,
        registration_number=own_text(elem, "RegistrationNumber"),
        mark_text=mark_text(elem),
        classes=parse_classes(*nice_classes(elem)),
        goods=goods_text(elem, own_text(elem, "ApplicationLanguageCode")),
        applicant_name=_applicant_name(applicant),
        applicant_country=first_text(
            applicant, "NationalityCode", "IncorporationCountryCode", "CountryCode"
        ),
        filing_date=parse_date(
            own_text(elem, "ApplicationDate"), file=path, where=where, field="ApplicationDate"
        ),
        publication_date=parse_date(published, file=path, where=where, field=field),
        status=own_text(elem, "MarkCurrentStatusCode", "MarkCurrentStatusExternalDescriptionText"),
        kind=first_text(
            publication,
            "PublicationSectionCategory",
            "PublicationSectionName",
            "PublicationStatusCategory",
            "PublicationCategoryText",
        ),
        image_url=image_name(elem),
        raw=raw_xml(elem),
    )


def _application_number(part: Element | None) -> str | None:
    """Return the record's own application number (text, ST.13 form, or the element's text)."""
    if part is None:
        return None
    return first_text(part, "ApplicationNumberText", "ST13ApplicationNumber") or clean(part.text)


def _publication(elem: Element) -> Element | None:
    """Return the first Publication that has a date (else the first one)."""
    found = [p for bag in children(elem, "PublicationBag") for p in children(bag, "Publication")]
    dated = [p for p in found if first_text(p, "PublicationDate", "PublicationActionDate")]
    chosen = dated or found
    return chosen[0] if chosen else None


def _published(elem: Element, publication: Element | None) -> tuple[str, str | None]:
    """Return (field, text) of the publication date, or of what stands for it."""
    for field in ("PublicationDate", "PublicationActionDate"):
        if text := first_text(publication, field):
            return field, text
    if text := own_text(elem, "OppositionPeriodStartDate"):
        return "OppositionPeriodStartDate", text
    return "MarkEventDate", published_event_date(elem)


def _applicant_name(applicant: Element | None) -> str | None:
    """Return the first applicant's organisation or person name."""
    if applicant is None:
        return None
    name = first_text(applicant, "EntityName", "OrganizationStandardName", "PersonFullName")
    if name:
        return name
    parts = [first_text(applicant, n) for n in ("FirstName", "MiddleName", "LastName")]
    # Some offices (CIPO) put the name in LegalEntityName; the USPTO puts the entity's kind there.
    return " ".join(p for p in parts if p) or first_text(applicant, "LegalEntityName")
