"""The records a complaint pack is built from: the case, its listings with their evidence, the
registrations relied on, the letters; and how the listings are split into spreadsheets.

A leaf: plain frozen records that the database side fills and the pack and letters read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from coverage.messages import Message

MAX_LISTINGS_PER_SHEET = 300  # Alibaba IPP takes at most 300 listings in one complaint
EXTENSIONS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "application/json": "json",
    "text/xml": "xml",
    "application/xml": "xml",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/bmp": "bmp",
    "image/avif": "avif",
}


@dataclass(frozen=True)
class EvidenceItem:
    """A captured page or picture of a listing and where the evidence store keeps it."""

    sha256: str
    kind: str  # page | picture
    path: Path
    content_type: str | None = None
    url: str | None = None
    captured_at: dt.datetime | None = None
    bytes: int = 0

    @property
    def name(self) -> str:
        """Its name in the pack: `evidence/<sha256>.<ext>` (ext from the content type)."""
        declared = (self.content_type or "").split(";", 1)[0].strip().lower()
        return f"evidence/{self.sha256}.{EXTENSIONS.get(declared, 'bin')}"


@dataclass(frozen=True)
class ListingItem:
    """One listing of the case (its alerts merged): what was seen, how it scored, evidence."""

    url: str
    title: str
    source: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    score: float  # the best of its alerts' scores, 0–100
    seller: str | None = None
    price: str | None = None
    gone_at: dt.datetime | None = None
    reasons: tuple[str, ...] = ()
    our_marks: tuple[str, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()


@dataclass(frozen=True)
class RegistrationItem:
    """A registration of ours that the case relies on."""

    number: str
    office: str  # ST.3 code
    brand: str
    status: str
    filing_date: dt.date | None = None
    mark: str | None = None
    classes: tuple[int, ...] = ()
    office_name_en: str | None = None
    office_name_zh: str | None = None
    registration_date: dt.date | None = None
    expiry_date: dt.date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """The case the pack is for."""

    case_id: int
    title: str
    route: str
    stage: str
    brand: str | None = None
    owner: str | None = None  # the person in charge (an e-mail address)
    platform: str | None = None


@dataclass(frozen=True)
class PackContent:
    """Everything a pack is built from."""

    case: CaseFacts
    listings: tuple[ListingItem, ...] = ()
    registrations: tuple[RegistrationItem, ...] = ()
    skipped_filings: int = 0  # alerts of the case on gazette filings, not listings


@dataclass(frozen=True)
class Letters:
    """The complaint letter in Chinese and in English."""

    zh: str
    en: str


@dataclass
class PackResult:
    """What went into the zip: (file, sha256, bytes) of each file but the manifest, problems."""

    entries: list[tuple[str, str, int]] = field(default_factory=list)
    listings: int = 0
    listing_sheets: list[str] = field(default_factory=list)
    evidence_files: int = 0
    problems: list[Message] = field(default_factory=list)


def listing_sheet_names(count: int) -> list[str]:
    """`listings.xlsx` up to 300 listings, else `listings-001.xlsx`, `listings-002.xlsx`…"""
    batches = max(1, -(-count // MAX_LISTINGS_PER_SHEET))
    if batches == 1:
        return ["listings.xlsx"]
    return [f"listings-{n:03d}.xlsx" for n in range(1, batches + 1)]
