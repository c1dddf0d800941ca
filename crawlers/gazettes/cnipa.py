"""JSON rows of CNIPA's public trademark gazette search (商标公告).

A file is a JSON array of rows, an object with a `rows` list, or JSON lines (one row a line).
Known fields: anncIssue (issue number), anncDate (announcement date), anncType (kind of
announcement), regNo (application/registration number), tmName (mark), intlCls (Nice class),
registerCnName (applicant), and when present appDate, regName/registerEnName, registerAddr,
tmImage/imageUrl, goods/goodsName, status. Every field, known or not, stays in `raw`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawlers.gazettes.records import GazetteError, GazetteRecord, clean, parse_classes, parse_date


def parse_cnipa(path: Path) -> Iterator[GazetteRecord]:
    """Yield one record per row of a CNIPA gazette search JSON file."""
    for ordinal, (where, row) in enumerate(_rows(path), start=1):
        if not isinstance(row, dict):
            raise GazetteError(path, where, "a row is not a JSON object")
        yield _parse_row(path, f"record {ordinal} ({where})", row)


def _rows(path: Path) -> Iterator[tuple[str, Any]]:
    """Yield (location, row) from an array, a {"rows": [...]} object or JSON lines."""
    try:
        text = path.read_bytes().decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        raise GazetteError(path, f"byte {exc.start}", "the JSON is not UTF-8") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.startswith("{") and "\n" in text:
            yield from _json_lines(path, text)
            return
        raise GazetteError(
            path, f"line {exc.lineno}, column {exc.colno}", f"not JSON: {exc.msg}"
        ) from exc
    if isinstance(data, dict):
        data = data["rows"] if "rows" in data else data.get("data", [data])
    if not isinstance(data, list):
        raise GazetteError(path, "top level", 'expected a JSON array or an object with "rows"')
    for index, row in enumerate(data):
        yield f"row {index + 1}", row


def _json_lines(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    """Yield the rows of a JSON lines file, refusing a broken line by number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            raise GazetteError(path, f"line {number}", f"not JSON: {exc.msg}") from exc


def _text(row: dict[str, Any], *keys: str) -> str | None:
    """Return the first non-empty value among the keys, as text."""
    for key in keys:
        value = row.get(key)
        if value is not None and (text := clean(str(value))):
            return text
    return None


def _parse_row(path: Path, where: str, row: dict[str, Any]) -> GazetteRecord:
    """Turn one CNIPA row into a record."""
    classes = row.get("intlCls")
    class_texts = [str(c) for c in classes] if isinstance(classes, list) else [str(classes or "")]
    return GazetteRecord(
        format="cnipa",
        office="CN",
        application_number=_text(row, "regNo", "appNo"),
        registration_number=_text(row, "regNo"),
        mark_text=_text(row, "tmName") or "",
        classes=parse_classes(*class_texts),
        goods=_text(row, "goods", "goodsName", "goodsCnName"),
        applicant_name=_text(row, "registerCnName", "regName", "registerEnName"),
        applicant_country=_text(row, "country", "registerCountry"),
        filing_date=parse_date(_text(row, "appDate"), file=path, where=where, field="appDate"),
        publication_date=parse_date(
            _text(row, "anncDate"), file=path, where=where, field="anncDate"
        ),
        status=_text(row, "status", "tmStatus"),
        kind=_text(row, "anncType", "anncTypeName"),
        image_url=_text(row, "tmImage", "imageUrl", "imgUrl"),
        raw=json.dumps(row, ensure_ascii=False, sort_keys=True),
    )
