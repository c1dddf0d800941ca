"""Uploading the portfolio workbook in the browser: counts, the problem report, refused files."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from coverage.models import Patent, Product, Trademark
from tests.conftest import csrf_token
from tests.factories import make_product

HEADERS = {
    "products": ["product_id", "name", "name_zh", "brand", "nice_classes", "markets"],
    "patents": ["patent_no", "office", "kind", "status", "filing_date", "grant_date", "products"],
    "trademarks": [
        "tm_no",
        "office",
        "brand",
        "mark_text",
        "nice_classes",
        "status",
        "filing_date",
        "registration_date",
        "designations",
        "basic_mark",
    ],
}
GOOD = {
    "products": [
        ["KD-100", "Cordless drill", "无绳电钻", "KANGDA", "7;9", "CN;US;EU"],
        ["KD-200", "Angle grinder", "角磨机", "KANGDA", "7", "CN;VN"],
    ],
    "patents": [
        [
            "ZL202110000001.X",
            "CN",
            "utility_model",
            "granted",
            dt.date(2021, 1, 5),
            dt.date(2021, 8, 10),
            "KD-100;KD-200",
        ],
    ],
    "trademarks": [
        [
            "30000001",
            "CN",
            "KANGDA",
            "KANGDA",
            "7;9",
            "registered",
            dt.date(2018, 3, 1),
            dt.date(2019, 6, 7),
            None,
            None,
        ],
        [
            "1600001",
            "WO",
            "KANGDA",
            "KANGDA",
            "7",
            "registered",
            dt.date(2021, 3, 1),
            dt.date(2021, 9, 1),
            "US:protected;JP:refused;VN",
            "30000001",
        ],
    ],
}


def _workbook(rows: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, headers in HEADERS.items():
        ws = wb.create_sheet(sheet)
        ws.append(headers)
        for row in rows.get(sheet, []):
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, content: bytes, filename: str = "portfolio.xlsx"):
    token = csrf_token(client, "/import")
    data = {"csrf_token": token, "workbook": (io.BytesIO(content), filename)}
    return client.post("/import", data=data, content_type="multipart/form-data")


def _counts(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(len(session.exec(select(m)).all()) for m in (Product, Patent, Trademark))


def test_import_page_offers_the_upload_and_the_template(client, login):
    login("brand_manager")
    page = client.get("/import").get_data(as_text=True)
    assert 'type="file" name="workbook"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'href="/import/template.xlsx"' in page
    assert "At most 20 MB" in page


def test_a_good_workbook_shows_the_counts_per_sheet(client, login, session):
    login("brand_manager")
    resp = _upload(client, _workbook(GOOD))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200, page[-2000:]
    assert "Imported portfolio.xlsx" in page
    rows = re.findall(
        r'<tr data-sheet="(\w+)"><td>\w+</td><td class="num">(\d+)</td>'
        r'<td class="num">(\d+)</td>',
        page,
    )
    assert rows == [("products", "2", "0"), ("patents", "1", "0"), ("trademarks", "2", "0")]
    assert _counts(session) == (2, 1, 2)


def test_importing_the_same_workbook_again_changes_nothing(client, login, session):
    login("brand_manager")
    _upload(client, _workbook(GOOD))
    page = _upload(client, _workbook(GOOD)).get_data(as_text=True)
    assert (
        '<tr data-sheet="products"><td>products</td><td class="num">0</td><td class="num">0</td>'
        '<td class="num">2</td>' in page
    )
    assert _counts(session) == (2, 1, 2)


def test_a_bad_workbook_lists_every_problem_and_stores_nothing(client, login, session):
    login("brand_manager")
    make_product(session, product_id="KEEP", name="Untouched")
    session.commit()
    bad = {
        "products": [
            ["KD-100", "Cordless drill", "", "KANGDA", "7;46", "CN;US"],  # row 2: class 46
            ["KD-200", "Angle grinder", "", "KANGDA", "7", "CN;XX"],  # row 3: market XX
        ],
        "patents": [
            ["ZL1", "CN", "invention", "granted", "2023-02-30", None, None],  # row 2: no such date
            ["ZL2", "CN", "invention", "granted", dt.date(2023, 2, 1), None, "NOPE"],  # row 3
        ],
        "trademarks": [
            [
                "1600001",
                "WO",
                "KANGDA",
                "KANGDA",
                "7",
                "registered",
                dt.date(2021, 3, 1),
                None,
                None,
                "30000001",
            ],  # row 2: WO without designations
        ],
    }
    resp = _upload(client, _workbook(bad), "mine.xlsx")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "mine.xlsx was not imported" in page and "Nothing was changed." in page
    table = page[page.index('class="list problems"') :]
    cells = [
        tuple(htmllib.unescape(c) for c in row)
        for row in re.findall(
            r"<tr><td>(\w+)</td><td class=\"num\">(\d*)</td><td>(\w*)</td>"
            r"<td>(.*?)</td></tr>",
            table,
        )
    ]
    places = {(sheet, row, column) for sheet, row, column, _ in cells}
    assert {
        ("products", "2", "nice_classes"),
        ("products", "3", "markets"),
        ("patents", "2", "filing_date"),
        ("patents", "3", "products"),
        ("trademarks", "2", "designations"),
    } <= places
    reasons = " | ".join(reason for *_, reason in cells)
    assert "46" in reasons and '"XX"' in reasons and "NOPE" in reasons
    assert _counts(session) == (1, 0, 0)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        pytest.param(
            b"product_id,name\nP1,x\n",
            "portfolio.csv",
            "Upload an Excel workbook (.xlsx)",
            id="csv-file-extension",
        ),
        pytest.param(
            b"%PDF-1.7 not a workbook",
            "portfolio.xlsx",
            "The file is not an Excel workbook",
            id="pdf-renamed-to-xlsx",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            "old.xls",
            "old Excel file (.xls)",
            id="old-xls",
        ),
        pytest.param(b"", "empty.xlsx", "The file is not an Excel workbook", id="empty-file"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(
    client, login, session, content, filename, message
):
    login("brand_manager")
    resp = _upload(client, content, filename)
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert _counts(session) == (0, 0, 0)


def test_no_file_chosen_asks_for_one(client, login):
    login("brand_manager")
    resp = client.post(
        "/import",
        data={"csrf_token": csrf_token(client, "/import")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 400
    assert "Choose a file to upload." in resp.get_data(as_text=True)


def test_an_oversized_upload_gets_413_with_the_limit(app, client, login, session):
    login("brand_manager")
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    big = FileStorage(io.BytesIO(b"PK\x03\x04" + b"\0" * (1024 * 1024 + 10)), "big.xlsx")
    # encoded in memory: the test client's own spooled temporary file would be left open
    boundary, body = encode_multipart(
        {"csrf_token": csrf_token(client, "/import"), "workbook": big}
    )
    resp = client.post(
        "/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert resp.status_code == 413
    assert "larger than the limit of 1 MB" in resp.get_data(as_text=True)
    assert _counts(session) == (0, 0, 0)


def test_a_zip_of_the_three_csv_files_imports(client, login, session):
    login("brand_manager")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "export/products.csv",
            "product_id,name,brand,nice_classes,markets\nKD-1,Drill,KANGDA,7,CN;US\n",
        )
        zf.writestr("export/patents.csv", "patent_no,office,kind,status,filing_date\n")
        zf.writestr(
            "export/trademarks.csv",
            "tm_no,office,brand,nice_classes,status,filing_date\n"
            "123,CN,KANGDA,7,pending,2024-01-02\n",
        )
        zf.writestr("../../evil.csv", "ignored")
    resp = _upload(client, archive.getvalue(), "portfolio.zip")
    assert resp.status_code == 200, resp.get_data(as_text=True)[-1500:]
    assert _counts(session) == (1, 0, 1)


@pytest.mark.parametrize("role", ["executive", "legal"])
def test_read_only_roles_cannot_import(client, login, session, role):
    login(role)
    assert client.get("/import").status_code == 403
    assert _upload(client, _workbook(GOOD)).status_code == 403
    assert _counts(session) == (0, 0, 0)


def test_the_template_downloads_as_a_workbook_with_the_three_sheets(client, login):
    login("brand_manager")
    resp = client.get("/import/template.xlsx")
    assert resp.status_code == 200
    assert "attachment" in resp.headers["Content-Disposition"]
    assert "ipwatch-portfolio-template.xlsx" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    assert {"products", "patents", "trademarks"} <= set(wb.sheetnames)
    assert wb["products"]["A1"].value == "product_id"


def _chinese(client) -> None:
    """Press the 中文 button, as a person would."""
    token = csrf_token(client, "/import")
    resp = client.post("/locale", data={"locale": "zh", "next": "/import", "csrf_token": token})
    assert resp.status_code == 302


def _report(page: str) -> list[tuple[str, str, str, str]]:
    """The rows of the problem report: (sheet, row, column, reason) as shown."""
    table = page[page.index('class="list problems"') :]
    rows = re.findall(
        r'<tr><td>(\w+)</td><td class="num">(\d*)</td><td>(\w*)</td><td>(.*?)</td></tr>', table
    )
    return [tuple(htmllib.unescape(c) for c in row) for row in rows]


def _changed(sheet: str, row: int, column: str, value: object) -> dict[str, list[list[object]]]:
    rows = {name: [list(r) for r in GOOD[name]] for name in GOOD}
    rows[sheet][row - 2][HEADERS[sheet].index(column)] = value
    return rows


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "reason"),
    [
        pytest.param(
            "products",
            2,
            "nice_classes",
            "7;46",
            "第 46 类不在 1–45 之内（尼斯分类为第 1 至 45 类）",
            id="class-46-named-in-chinese",
        ),
        pytest.param(
            "products",
            3,
            "markets",
            "CN;UK",
            "无法识别的市场代码“UK”（是否应为 GB？）",
            id="market-code-hint-in-chinese",
        ),
        pytest.param(
            "patents",
            2,
            "filing_date",
            "2023-02-30",
            "“2023-02-30”不是有效日期：2023年2月只有 28 天",
            id="impossible-date-with-chinese-month",
        ),
        pytest.param(
            "patents",
            2,
            "grant_date",
            dt.date(2020, 1, 1),
            "授权日 2020-01-01 早于申请日 2021-01-05",
            id="date-columns-named-in-chinese",
        ),
        pytest.param(
            "trademarks",
            3,
            "basic_mark",
            None,
            "WO（马德里）国际注册须填写其基础商标（原属国商标）的 tm_no",
            id="madrid-mark-without-basic-mark",
        ),
    ],
)
def test_a_bad_workbook_is_reported_in_chinese(
    client, login, session, sheet, row, column, value, reason
):
    login("brand_manager")
    _chinese(client)
    resp = _upload(client, _workbook(_changed(sheet, row, column, value)), "坏表.xlsx")
    assert resp.status_code == 400
    assert (sheet, str(row), column, reason) in _report(resp.get_data(as_text=True))
    assert _counts(session) == (0, 0, 0)


def test_the_same_problem_stays_english_in_the_english_ui(client, login):
    login("brand_manager")
    resp = _upload(client, _workbook(_changed("products", 2, "nice_classes", "7;46")))
    assert (
        "products",
        "2",
        "nice_classes",
        "class 46 is outside 1–45 (Nice classes are 1 to 45)",
    ) in (_report(resp.get_data(as_text=True)))


def test_a_note_on_merged_cells_is_shown_in_chinese(client, login, session):
    login("brand_manager")
    _chinese(client)
    book = load_workbook(io.BytesIO(_workbook(GOOD)))
    book["products"].merge_cells("D2:D3")  # both products are KANGDA
    out = io.BytesIO()
    book.save(out)
    resp = _upload(client, out.getvalue())
    page = htmllib.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 200, page[-1500:]
    assert "products：单元格 D2:D3 为合并单元格；brand 列的各行均取其左上角的值" in page
    assert _counts(session) == (2, 1, 2)
