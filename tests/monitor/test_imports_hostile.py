"""Hostile uploads get a short report: repeated keys named once, capped lists, bounded sheets."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from openpyxl import Workbook

from tests.monitor.test_imports_page import HEADERS, _counts, _upload, _workbook


def _repeated(rows: int) -> bytes:
    """A workbook whose products sheet repeats one product on `rows` rows."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, headers in HEADERS.items():
        wb.create_sheet(sheet).append(headers)
    products = wb["products"]
    for _ in range(rows):
        products.append(["KD-1", "Drill", "", "KANGDA", "7", "CN"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _declaring(content: bytes, sheet_no: int, dimension: str) -> bytes:
    """`content` with sheet `sheet_no`'s declared dimension replaced by `dimension`."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"xl/worksheets/sheet{sheet_no}.xml":
                data, n = re.subn(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="{dimension}"'.encode(), data
                )
                assert n == 1
            target.writestr(info, data)
    return out.getvalue()


def test_one_row_repeated_thousands_of_times_gets_a_short_report(client, login, session):
    login("brand_manager")

    resp = _upload(client, _repeated(3000), "repeated.xlsx")

    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert len(resp.data) < 200_000
    assert "1 problem" in page
    assert re.search(r"&#34;KD-1&#34; is on rows 2, 3, 4, 5, .*? and 2,9\d\d more", page)
    assert _counts(session) == (0, 0, 0)


def test_the_full_problem_list_downloads_as_csv(client, login):
    login("brand_manager")
    rows = [["KD-1", "Drill", "", "KANGDA", "46", "CN"]] + [
        [f"X{n}", "Drill", "", "KANGDA", "46", "CN"] for n in range(99)
    ]
    page = _upload(client, _workbook({"products": rows})).get_data(as_text=True)
    assert "80 more problems like this one" in page
    link = re.search(r'href="(/import/[^"]+/problems\.csv)"', page)
    assert link, "no link to the full list"

    resp = client.get(link.group(1))

    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig"))))
    assert len(table) == 101 and table[1][:3] == ["products", "2", "nice_classes"]


def test_a_sheet_declaring_a_million_rows_is_refused_by_name(client, login, session):
    login("brand_manager")
    hostile = _declaring(_workbook({}), 1, "A1:XFD1048576")

    resp = _upload(client, hostile, "huge.xlsx")

    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert len(resp.data) < 200_000
    assert "the sheet products declares 1,048,576 rows" in page
    assert "at most 200,000 rows" in page
    assert _counts(session) == (0, 0, 0)


def test_a_zip_of_one_repeated_csv_row_gets_a_short_report(client, login, session):
    login("brand_manager")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        header = "product_id,name,brand,nice_classes,markets\n"
        zf.writestr("products.csv", header + "KD-1,Drill,KANGDA,7,CN\n" * 5000)
        zf.writestr("patents.csv", "patent_no,office,kind,status,filing_date\n")
        zf.writestr("trademarks.csv", "tm_no,office,brand,nice_classes,status,filing_date\n")
    assert len(archive.getvalue()) < 2000

    resp = _upload(client, archive.getvalue(), "tiny.zip")

    assert resp.status_code == 400
    assert len(resp.data) < 200_000
    assert "and 4,9" in resp.get_data(as_text=True)
