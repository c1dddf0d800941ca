"""WIPO ST.96 trademark XML: tmk:TrademarkTransaction (or tmk:TrademarkBag) ... tmk:Trademark.

Read per tmk:Trademark: com:RegistrationOfficeCode, com:ApplicationNumber/
com:ApplicationNumberText, com:RegistrationNumber, tmk:ApplicationDate,
tmk:MarkVerbalElementText, tmk:ClassNumber and tmk:GoodsServicesDescriptionText,
tmk:ApplicantBag (com:EntityName or com:PersonFullName; nationality, incorporation or address
country), tmk:PublicationBag (com:PublicationDate, tmk:PublicationSectionCategory),
tmk:MarkCurrentStatusExternalDescriptionText or tmk:MarkCurrentStatusCode, com:FileName or
com:URI of the mark image.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from crawlers.gazettes.records import GazetteRecord, parse_classes, parse_date
from crawlers.gazettes.xmlstream import all_texts, first_child, first_text, iter_records, raw_xml

TRADEMARK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
COMMON = "http://www.wipo.int/standards/XMLSchema/ST96/Common"


def parse_st96(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per ST.96 tmk:Trademark element of the file."""
    for ordinal, elem in iter_records(
        path,
        namespaces=(TRADEMARK,),
        roots=(),
        record="Trademark",
        what=f"a WIPO ST.96 trademark document (namespace {TRADEMARK})",
    ):
        yield _parse_trademark(path, ordinal, elem)


def _parse_trademark(path: Path, ordinal: int, elem: Element) -> GazetteRecord:
    """Turn one tmk:Trademark element into a record."""
    number = first_text(elem, "ApplicationNumberText", "ApplicationNumber")
    where = f"record {ordinal}" + (f" (application {number})" if number else "")
    applicant = first_child(elem, "ApplicantBag")
    publication = first_child(elem, "PublicationBag")
    return GazetteRecord(
        format="st96",
        office=first_text(elem, "RegistrationOfficeCode") or "",
        application_number=number,
        registration_number=first_text(elem, "RegistrationNumber"),
        mark_text=first_text(elem, "MarkVerbalElementText") or "",
        classes=parse_classes(*all_texts(elem, "ClassNumber")),
        goods="; ".join(all_texts(elem, "GoodsServicesDescriptionText")) or None,
        applicant_name=_applicant_name(applicant),
        applicant_country=None
        if applicant is None
        else first_text(applicant, "NationalityCode", "IncorporationCountryCode", "CountryCode"),
        filing_date=parse_date(
            first_text(elem, "ApplicationDate"), file=path, where=where, field="ApplicationDate"
        ),
        publication_date=parse_date(
            None if publication is None else first_text(publication, "PublicationDate"),
            file=path,
            where=where,
            field="PublicationDate",
        ),
        status=first_text(
            elem, "MarkCurrentStatusExternalDescriptionText", "MarkCurrentStatusCode"
        ),
        kind=None
        if publication is None
        else first_text(publication, "PublicationSectionCategory", "PublicationSectionName"),
        image_url=_image(elem),
        raw=raw_xml(elem),
    )


def _applicant_name(applicant: Element | None) -> str | None:
    """Return the first applicant's organisation or person name."""
    if applicant is None:
        return None
    name = first_text(applicant, "EntityName", "OrganizationStandardName", "PersonFullName")
    if name:
        return name
    parts = [first_text(applicant, "FirstName"), first_text(applicant, "LastName")]
    return " ".join(p for p in parts if p) or None


def _image(elem: Element) -> str | None:
    """Return the file name or URI of the mark image, if any."""
    image = first_child(elem, "MarkImage")
    return None if image is None else first_text(image, "URI", "FileName")
