"""WIPO ST.66 trademark XML: <Transaction> ... <TradeMarkDetails><TradeMark> elements.

Read per TradeMark: RegistrationOfficeCode, ApplicationNumber, RegistrationNumber,
ApplicationDate, MarkVerbalElementText, ClassNumber and GoodsServicesDescription,
ApplicantDetails (FreeFormatNameLine or OrganizationName, nationality or address country),
PublicationDate and PublicationSection, MarkCurrentStatusCode, MarkImageURI/MarkImageFilename.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from crawlers.gazettes.records import GazetteRecord, parse_classes, parse_date
from crawlers.gazettes.xmlstream import all_texts, first_child, first_text, iter_records, raw_xml

NAMESPACE = "http://www.wipo.int/standards/XMLSchema/trademarks"


def parse_st66(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per ST.66 TradeMark element of the file."""
    for ordinal, elem in iter_records(
        path,
        namespaces=(NAMESPACE,),
        roots=(),
        record="TradeMark",
        what=f"a WIPO ST.66 trademark document (namespace {NAMESPACE})",
    ):
        yield _parse_trademark(path, ordinal, elem)


def _parse_trademark(path: Path, ordinal: int, elem: Element) -> GazetteRecord:
    """Turn one TradeMark element into a record."""
    number = first_text(elem, "ApplicationNumber")
    where = f"record {ordinal}" + (f" (application {number})" if number else "")
    applicant = first_child(elem, "ApplicantDetails")
    publication = first_child(elem, "PublicationDetails")
    return GazetteRecord(
        format="st66",
        office=first_text(elem, "RegistrationOfficeCode") or "",
        application_number=number,
        registration_number=first_text(elem, "RegistrationNumber"),
        mark_text=first_text(elem, "MarkVerbalElementText") or "",
        classes=parse_classes(*all_texts(elem, "ClassNumber")),
        goods=_join(all_texts(elem, "GoodsServicesDescription")),
        applicant_name=_applicant_name(applicant),
        applicant_country=_applicant_country(applicant),
        filing_date=parse_date(
            first_text(elem, "ApplicationDate"), file=path, where=where, field="ApplicationDate"
        ),
        publication_date=parse_date(
            first_text(publication, "PublicationDate") if publication is not None else None,
            file=path,
            where=where,
            field="PublicationDate",
        ),
        status=first_text(elem, "MarkCurrentStatusCode"),
        kind=(first_text(publication, "PublicationSection") if publication is not None else None)
        or elem.get("operationCode"),
        image_url=first_text(elem, "MarkImageURI", "MarkImageFilename"),
        raw=raw_xml(elem),
    )


def _applicant_name(applicant: Element | None) -> str | None:
    """Return the first applicant's name, however ST.66 wrote it."""
    if applicant is None:
        return None
    lines = all_texts(applicant, "FreeFormatNameLine")
    if lines:
        return " ".join(lines)
    return first_text(applicant, "OrganizationName", "FirstName", "LastName")


def _applicant_country(applicant: Element | None) -> str | None:
    """Return the first applicant's nationality, incorporation or address country."""
    if applicant is None:
        return None
    return first_text(
        applicant,
        "ApplicantNationalityCode",
        "ApplicantIncorporationCountryCode",
        "AddressCountryCode",
    )


def _join(texts: list[str]) -> str | None:
    """Join goods descriptions of several classes, or None when there are none."""
    return "; ".join(texts) or None
