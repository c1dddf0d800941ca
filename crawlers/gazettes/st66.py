"""WIPO ST.66 trademark XML: <Transaction> ... <TradeMarkDetails><TradeMark> elements.

Read by local names, so the WIPO namespace, EUIPO's and TMview's national variants
(http://ro.tmview.europa.eu/trademark/data, ...) and files without a namespace all work.

Per TradeMark: RegistrationOfficeCode, ApplicationNumber, RegistrationNumber, ApplicationDate,
MarkVerbalElementText, Nice ClassNumber and GoodsServicesDescription (one language per class),
the first applicant's name (FreeFormatNameLine, OrganizationName or first and last names) and
nationality, incorporation or address country, PublicationDate (else the opposition period's
start, else a "published for opposition" mark event) and PublicationSection,
MarkCurrentStatusCode, MarkImageURI/MarkImageFilename.

Applicants are not always inside the TradeMark: the USPTO's TSDR export puts ApplicantDetails
beside TradeMarkDetails in the TransactionData, and EUIPO/TMview records may only carry an
ApplicantKey. A TradeMark without a named applicant waits (at most _MAX_WAITING of them) until
its TransactionData ends, then takes the applicant with its key, or the transaction's first one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from crawlers.gazettes.records import GazetteRecord, clean, parse_classes, parse_date
from crawlers.gazettes.wipo import (
    NAMESPACE_ST66,
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
    all_texts,
    children,
    detach,
    first_child,
    first_text,
    is_record,
    local_name,
    namespace,
    own_text,
    raw_xml,
    refuse_if_foreign,
    stream_ends,
)

NAMESPACE = NAMESPACE_ST66
ROOTS = ("Transaction", "TradeMarkDetails", "TradeMark")
_MAX_WAITING = 1000


def _root_ok(tag: str) -> bool:
    """Accept an ST.66 namespace, or a usual ST.66 root in a namespace that is not ST.96's."""
    ns = namespace(tag)
    if is_st66_namespace(ns):
        return True
    return not is_st96_namespace(ns) and local_name(tag) in ROOTS


DIALECT = Dialect(
    what=f"a WIPO ST.66 trademark document (namespace {NAMESPACE} or an EUIPO/TMview variant)",
    record="TradeMark",
    root_ok=_root_ok,
    known_namespace=is_st66_namespace,
)


@dataclass(frozen=True)
class Party:
    """An applicant as named in the file."""

    name: str | None
    country: str | None


def parse_st66(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per ST.66 TradeMark element of the file."""
    return _Reader(path).read()


class _Reader:
    """Stream the TradeMarks, holding back those whose applicant comes later in the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.waiting: deque[tuple[int, Element, Element]] = deque()
        self.parties: dict[str, Party] = {}
        self.first_party: Party | None = None

    def read(self) -> Iterator[GazetteRecord]:
        """Yield the records in file order."""
        root: Element | None = None
        for elem, ancestors in stream_ends(self.path, DIALECT, lambda: self.count):
            name = local_name(elem.tag)
            if not ancestors:
                root = elem
                yield from self.flush()
            elif is_record(elem, ancestors, "TradeMark"):
                self.count += 1
                party = _own_party(elem)
                if party is None or self.waiting:
                    self.waiting.append((self.count, elem, ancestors[-1]))
                    if len(self.waiting) > _MAX_WAITING:
                        yield self.emit(*self.waiting.popleft())
                else:
                    yield _record(self.path, self.count, elem, party)
                    detach(elem, ancestors)
            elif name == "Applicant" and not any(
                local_name(a.tag) == "TradeMark" for a in ancestors
            ):
                self.keep(elem)
                detach(elem, ancestors)
            elif name == "TransactionData":
                yield from self.flush()
                self.parties.clear()
                self.first_party = None
        if self.count == 0 and root is not None:
            refuse_if_foreign(self.path, root.tag, DIALECT)

    def keep(self, applicant: Element) -> None:
        """Remember an applicant given outside the TradeMarks, by its identifier."""
        party = _party(applicant)
        if ident := first_text(applicant, "ApplicantIdentifier"):
            self.parties.setdefault(ident, party)
        if self.first_party is None:
            self.first_party = party

    def flush(self) -> Iterator[GazetteRecord]:
        """Yield the waiting TradeMarks with the applicants now known."""
        while self.waiting:
            yield self.emit(*self.waiting.popleft())

    def emit(self, ordinal: int, elem: Element, parent: Element) -> GazetteRecord:
        """Build a waiting TradeMark's record, then drop it from the tree."""
        party = _own_party(elem)
        if party is None:
            key = _party_key(elem)
            party = self.parties.get(key) if key else self.first_party
        record = _record(self.path, ordinal, elem, party)
        parent.remove(elem)
        elem.clear()
        return record


def _record(path: Path, ordinal: int, elem: Element, party: Party | None) -> GazetteRecord:
    """Turn one TradeMark element into a record."""
    number = own_text(elem, "ApplicationNumber")
    where = f"record {ordinal}" + (f" (application {number})" if number else "")
    publication = _publication(elem)
    field, published = _published(elem, publication)
    return GazetteRecord(
        format="st66",
        office=own_text(elem, "RegistrationOfficeCode") or "",
        application_number=number,
        registration_number=own_text(elem, "RegistrationNumber"),
        mark_text=mark_text(elem),
        classes=parse_classes(*nice_classes(elem)),
        goods=goods_text(elem, own_text(elem, "ApplicationLanguageCode")),
        applicant_name=None if party is None else party.name,
        applicant_country=None if party is None else party.country,
        filing_date=parse_date(
            own_text(elem, "ApplicationDate"), file=path, where=where, field="ApplicationDate"
        ),
        publication_date=parse_date(published, file=path, where=where, field=field),
        status=own_text(elem, "MarkCurrentStatusCode"),
        kind=first_text(publication, "PublicationSection") or clean(elem.get("operationCode")),
        image_url=image_name(elem),
        raw=raw_xml(elem),
    )


def _publication(elem: Element) -> Element | None:
    """Return the first Publication that has a date (else the first one)."""
    found = [p for d in children(elem, "PublicationDetails") for p in children(d, "Publication")]
    dated = [p for p in found if first_text(p, "PublicationDate")]
    chosen = dated or found
    return chosen[0] if chosen else None


def _published(elem: Element, publication: Element | None) -> tuple[str, str | None]:
    """Return (field, text) of the publication date, or of what stands for it."""
    if text := first_text(publication, "PublicationDate"):
        return "PublicationDate", text
    if text := own_text(elem, "OppositionPeriodStartDate"):
        return "OppositionPeriodStartDate", text
    return "MarkEventDate", published_event_date(elem)


def _own_party(elem: Element) -> Party | None:
    """Return the TradeMark's first named applicant, if it names one."""
    for details in children(elem, "ApplicantDetails"):
        for applicant in children(details, "Applicant"):
            party = _party(applicant)
            if party.name:
                return party
    return None


def _party_key(elem: Element) -> str | None:
    """Return the identifier of the TradeMark's applicant key (or its URI's last segment)."""
    key = first_child(first_child(elem, "ApplicantDetails"), "ApplicantKey")
    if key is None:
        return first_text(first_child(elem, "ApplicantDetails"), "ApplicantIdentifier")
    uri = first_text(key, "URI")
    return first_text(key, "Identifier") or (uri.rstrip("/").rpartition("/")[2] if uri else None)


def _party(applicant: Element) -> Party:
    """Read an Applicant's name and country, however ST.66 wrote them."""
    name = first_child(applicant, "Name")
    holder = applicant if name is None else name
    lines = all_texts(holder, "FreeFormatNameLine")
    full = " ".join(lines) or first_text(holder, "OrganizationName")
    if not full:
        parts = [first_text(holder, n) for n in ("FirstName", "MiddleName", "LastName")]
        full = " ".join(p for p in parts if p) or None
    country = first_text(
        applicant,
        "ApplicantNationalityCode",
        "ApplicantIncorporationCountryCode",
        "AddressCountryCode",
        "FormattedAddressCountryCode",
    )
    return Party(full, country)
