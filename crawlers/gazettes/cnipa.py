"""JSON rows of CNIPA's public trademark gazette search (商标公告).

A file is a JSON array of rows, JSON lines (one row a line), or a saved response of either
search: the current one (pub.sbj.cnipa.gov.cn .../anncInfo/searchEsTmgg) answers
{"code": 0, "data": {"list": [...], "total": n, "pages": n, ...}}, the former one
(sbgg.saic.gov.cn .../annSearchDG.html) {"total": n, "rows": [...]}. A response whose code is
not 0 (such as {"code": 401, "msg": "登录已过期"}) is refused, not read as an empty gazette.

Fields (current names, then the former site's): anncIssue/ann_num (issue), anncDate/ann_date
(announcement date), anncType/ann_type_code and anncTypeName/ann_type (kind of announcement),
regNo/reg_num (application and registration number), tmName/tm_name/tmname (mark; "图形" marks a
device mark), intlCls/intCls (Nice class), registerCnName/reg_name/regname (applicant), and when
present applyDate/appDate, tmImage/imageUrl, goods/goodsName, status. The imgDir of a row is the
gazette page's scan, not the mark's image, and stays in `raw` with every other field.
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
    rows = _unwrap(path, data)
    for index, row in enumerate(rows):
        yield f"row {index + 1}", row


def _unwrap(path: Path, data: Any) -> list[Any]:
    """Return the rows of a response envelope, a bare array, or a single row."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise GazetteError(path, "top level", 'expected a JSON array or an object with "rows"')
    code = data.get("code")
    if code not in (None, 0, "0", 200, "200"):
        message = data.get("msg") or data.get("message") or ""
        raise GazetteError(path, "top level", f"the search answered code {code} {message}".strip())
    for key in ("rows", "list", "records"):
        if isinstance(data.get(key), list):
            return list(data[key])
    inner = data.get("data")
    if isinstance(inner, list):
        return inner
    if isinstance(inner, dict):
        for key in ("list", "rows", "records"):
            if isinstance(inner.get(key), list):
                return list(inner[key])
        raise GazetteError(path, "data", 'expected "data" to hold a "list" of rows')
    if "data" in data or "rows" in data:
        raise GazetteError(path, "top level", 'expected "rows" or "data" to be a list of rows')
    return [data]


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
    classes = row.get("intlCls", row.get("intCls", row.get("int_cls")))
    class_texts = [str(c) for c in classes] if isinstance(classes, list) else [str(classes or "")]
    number = _text(row, "regNo", "reg_num", "regNum", "appNo")
    return GazetteRecord(
        format="cnipa",
        office="CN",
        application_number=number,
        registration_number=_text(row, "regNo", "reg_num", "regNum"),
        mark_text=_text(row, "tmName", "tm_name", "tmname") or "",
        classes=parse_classes(*class_texts),
        goods=_text(row, "goods", "goodsName", "goodsCnName"),
        applicant_name=_text(
            row, "registerCnName", "regName", "reg_name", "regname", "registerEnName"
        ),
        applicant_country=_text(row, "country", "registerCountry"),
        filing_date=parse_date(
            _text(row, "applyDate", "appDate", "app_date"),
            file=path,
            where=where,
            field="applyDate",
        ),
        publication_date=parse_date(
            _text(row, "anncDate", "ann_date"), file=path, where=where, field="anncDate"
        ),
        status=_text(row, "status", "tmStatus"),
        kind=_text(row, "anncType", "ann_type_code", "anncTypeName", "ann_type"),
        image_url=_text(row, "tmImage", "imageUrl", "imgUrl"),
        raw=json.dumps(row, ensure_ascii=False, sort_keys=True),
    )
