"""The complaint pack of a platform complaint, as one zip file built from plain records.

Layout: `listings.xlsx` (or `listings-001.xlsx`, `listings-002.xlsx`… of at most 300 listings,
Alibaba IPP's limit per complaint) and `listings.csv` with every listing; `registrations.xlsx`
and `.csv`; `evidence.csv` and the captured pages and pictures as `evidence/<sha256>.<ext>`;
`letter-zh.txt` and `letter-en.txt`; `README.txt` (contents and what is missing); and
`manifest.csv` (file, sha256, bytes) of every other file. An evidence file is copied only when
its bytes still hash to its name; otherwise it is left out and named as a problem.

Pure: no database, no clock, no settings; the evidence files' paths are given. The records
are in `infringement.cases.pack_content`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zipfile
from collections.abc import Callable, Sequence
from typing import IO, Any

from coverage.messages import Message, msg
from infringement.cases import pack_sheets as sheets
from infringement.cases.pack_content import (
    MAX_LISTINGS_PER_SHEET,
    EvidenceItem,
    Letters,
    ListingItem,
    PackContent,
    PackResult,
    RegistrationItem,
    listing_sheet_names,
)

CHUNK = 1024 * 1024  # bytes read at a time when hashing or copying evidence
# already compressed: stored as they are in the zip
STORED = frozenset({"jpg", "png", "gif", "webp", "avif", "xlsx"})


def find_problems(content: PackContent, *, today: dt.date) -> list[Message]:
    """What a legal officer must fix or know before sending the pack (evidence aside)."""
    problems: list[Message] = []
    if not content.listings:
        problems.append(
            msg("the case has no listings: escalate the listings' alerts into the case first")
        )
    if content.skipped_filings:
        problems.append(
            msg(
                "%(count)s alerts of the case are trademark filings, not listings: left out",
                count=content.skipped_filings,
            )
        )
    bare = sum(1 for listing in content.listings if not listing.evidence)
    if bare:
        problems.append(msg("%(count)s listings have no captured page or picture", count=bare))
    if not content.registrations:
        problems.append(
            msg("the case relies on no registration: add those the complaint is based on")
        )
    for reg in content.registrations:
        problems.extend(_registration_problems(reg, today))
    if not content.case.platform:
        problems.append(
            msg("no platform is set on the case: the letter is addressed to the platform operator")
        )
    return problems


def _registration_problems(reg: RegistrationItem, today: dt.date) -> list[Message]:
    name = f"{reg.office} {reg.number}"
    if reg.status != "registered":
        return [
            msg("registration %(name)s is %(status)s, not registered", name=name, status=reg.status)
        ]
    if reg.expiry_date is None:
        return [msg("registration %(name)s has no expiry date on record: check it", name=name)]
    if reg.expiry_date < today:
        return [msg("registration %(name)s expired on %(date)s", name=name, date=reg.expiry_date)]
    return []


def write_pack(
    out: IO[bytes],
    content: PackContent,
    *,
    letters: Letters,
    readme: Callable[[PackResult], str],
    today: dt.date,
    notes: Sequence[Message] = (),
    made_at: dt.datetime,
    tz: dt.tzinfo = dt.UTC,
) -> PackResult:
    """Write the zip to `out` (seekable); `readme` writes README.txt from the result so far.

    The problems are those of `find_problems`, then `notes` (the caller's), then each evidence
    file left out; `made_at` dates the zip's entries (in `tz`), `tz` also the capture times.
    """
    result = PackResult(problems=[*find_problems(content, today=today), *notes])
    stamp = made_at.astimezone(tz).timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes) -> None:
            zf.writestr(_info(name, stamp), data)
            result.entries.append((name, hashlib.sha256(data).hexdigest(), len(data)))

        put("letter-zh.txt", letters.zh.encode("utf-8"))
        put("letter-en.txt", letters.en.encode("utf-8"))
        reg_rows = [_registration_row(r) for r in content.registrations]
        put(
            "registrations.xlsx",
            sheets.table_xlsx("注册 Registrations", sheets.REGISTRATION_COLUMNS, reg_rows),
        )
        put("registrations.csv", sheets.table_csv(sheets.REGISTRATION_COLUMNS, reg_rows))
        copied = _copy_evidence(zf, content.listings, stamp, result)
        rows = [
            _listing_row(n, item, copied, tz) for n, item in enumerate(content.listings, start=1)
        ]
        result.listing_sheets = listing_sheet_names(len(rows))
        result.listings = len(rows)
        for index, name in enumerate(result.listing_sheets):
            batch = rows[index * MAX_LISTINGS_PER_SHEET : (index + 1) * MAX_LISTINGS_PER_SHEET]
            put(name, sheets.table_xlsx("链接 Listings", sheets.LISTING_COLUMNS, batch))
        put("listings.csv", sheets.table_csv(sheets.LISTING_COLUMNS, rows))
        evidence_rows = _evidence_rows(content.listings, copied, tz)
        put("evidence.csv", sheets.table_csv(sheets.EVIDENCE_COLUMNS, evidence_rows))
        put("README.txt", readme(result).encode("utf-8"))
        manifest = sheets.manifest_csv(result.entries)
        zf.writestr(_info("manifest.csv", stamp), manifest)
    return result


def _info(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(stamp[0], 1980), *stamp[1:6]))  # type: ignore[arg-type]
    info.compress_type = (
        zipfile.ZIP_STORED if name.rsplit(".", 1)[-1] in STORED else zipfile.ZIP_DEFLATED
    )
    info.external_attr = 0o644 << 16
    return info


def _copy_evidence(
    zf: zipfile.ZipFile,
    listings: Sequence[ListingItem],
    stamp: tuple[int, ...],
    result: PackResult,
) -> set[str]:
    """Copy each evidence file once, after checking it still hashes to its name."""
    copied: set[str] = set()
    refused: set[str] = set()
    for listing in listings:
        for item in listing.evidence:
            if item.sha256 in copied or item.sha256 in refused:
                continue
            problem = _check_file(item)
            if problem is not None:
                refused.add(item.sha256)
                result.problems.append(problem)
                continue
            size = item.path.stat().st_size
            info = _info(item.name, stamp)
            info.file_size = size
            with item.path.open("rb") as source, zf.open(info, "w") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
            copied.add(item.sha256)
            result.entries.append((item.name, item.sha256, size))
            result.evidence_files += 1
    return copied


def _check_file(item: EvidenceItem) -> Message | None:
    if not item.path.is_file():
        return msg(
            "evidence file %(name)s (%(url)s) is missing from the evidence store: left out",
            name=item.name,
            url=item.url or "",
        )
    digest = hashlib.sha256()
    with item.path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    if digest.hexdigest() != item.sha256:
        return msg(
            "evidence file %(name)s no longer matches its SHA-256 (changed since capture): "
            "left out; run ipwatch evidence verify",
            name=item.name,
        )
    return None


def _listing_row(no: int, item: ListingItem, copied: set[str], tz: dt.tzinfo) -> dict[str, Any]:
    """The listing's spreadsheet row; only evidence files that are in the pack are named."""
    row = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    kept = [e for e in item.evidence if e.sha256 in copied]
    row.update(
        no=no,
        first_seen=sheets.format_time(item.first_seen, tz),
        last_seen=sheets.format_time(item.last_seen, tz),
        gone_since=sheets.format_time(item.gone_at, tz),
        score=round(item.score, 1),
        evidence_files=[e.name for e in kept],
        evidence_sha256=[e.sha256 for e in kept],
    )
    return row


def _registration_row(item: RegistrationItem) -> dict[str, Any]:
    row = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    names = " ".join(n for n in (item.office_name_zh, item.office_name_en) if n)
    row.update(
        office=f"{item.office} {names}".strip(),
        mark=item.mark or item.brand,
        classes=", ".join(str(c) for c in item.classes),
    )
    return row


def _evidence_rows(
    listings: Sequence[ListingItem], copied: set[str], tz: dt.tzinfo
) -> list[dict[str, Any]]:
    rows = []
    for no, listing in enumerate(listings, start=1):
        for item in listing.evidence:
            if item.sha256 in copied:
                rows.append(
                    {
                        "file": item.name,
                        "kind": item.kind,
                        "listing_no": no,
                        "url": item.url,
                        "captured_at": sheets.format_time(item.captured_at, tz),
                        "content_type": item.content_type,
                        "sha256": item.sha256,
                        "bytes": item.path.stat().st_size,
                    }
                )
    return rows
