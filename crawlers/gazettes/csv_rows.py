"""CSV gazettes with documented columns, UTF-8 (with or without BOM) or GB18030.

Columns (header names, case and surrounding spaces ignored, any order):

- office (required): 2-letter office code, e.g. CN, US, EM
- number (required): application number
- mark (required): the mark text as published
- classes (required): Nice classes, e.g. "9" or "9;35" (any separator)
- registration_number: registration number, if any
- applicant: applicant name
- applicant_country: applicant's country code
- filing_date, publication_date: YYYYMMDD, YYYY-MM-DD or YYYY.MM.DD
- status: status text as published
- kind: kind of announcement
- goods: goods and services text
- image_url: URL or file name of the mark image

Other columns are kept in the record's raw text. A header missing a required column is refused.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from crawlers.gazettes.records import GazetteError, GazetteRecord, clean, parse_classes, parse_date

REQUIRED = ("office", "number", "mark", "classes")
OPTIONAL = (
    "registration_number",
    "applicant",
    "applicant_country",
    "filing_date",
    "publication_date",
    "status",
    "kind",
    "goods",
    "image_url",
)


def decode_csv(path: Path) -> str:
    """Return the file's text, read as UTF-8 (BOM ok) or else GB18030."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise GazetteError(
            path, f"byte {exc.start}", "the CSV is neither UTF-8 nor GB18030"
        ) from exc


def parse_csv(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per data row of a gazette CSV file."""
    reader = csv.reader(io.StringIO(decode_csv(path), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GazetteError(
            path,
            "header (line 1)",
            f"missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED)}",
        )
    ordinal = 0
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        ordinal += 1
        row = dict(zip(header, values, strict=False))
        yield _parse_row(path, f"record {ordinal} (line {reader.line_num})", row)


def _parse_row(path: Path, where: str, row: dict[str, str]) -> GazetteRecord:
    """Turn one CSV row into a record."""
    office = (clean(row.get("office")) or "").upper()
    if len(office) != 2:
        raise GazetteError(path, where, f"office {office!r} is not a 2-letter office code")
    return GazetteRecord(
        format="csv",
        office=office,
        application_number=clean(row.get("number")),
        registration_number=clean(row.get("registration_number")),
        mark_text=clean(row.get("mark")) or "",
        classes=parse_classes(row.get("classes")),
        goods=clean(row.get("goods")),
        applicant_name=clean(row.get("applicant")),
        applicant_country=clean(row.get("applicant_country")),
        filing_date=parse_date(row.get("filing_date"), file=path, where=where, field="filing_date"),
        publication_date=parse_date(
            row.get("publication_date"), file=path, where=where, field="publication_date"
        ),
        status=clean(row.get("status")),
        kind=clean(row.get("kind")),
        image_url=clean(row.get("image_url")),
        raw=json.dumps(row, ensure_ascii=False),
    )
