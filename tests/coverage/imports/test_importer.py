"""Importing a good portfolio: xlsx workbooks and CSV folders, Chinese headers, re-imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from coverage.imports.importer import ImportSummary, Problem, header_key, import_portfolio
from coverage.imports.sheets import SHEETS
from coverage.messages import msg
from coverage.models import Designation, Patent, Product, ProductPatentLink, Trademark
from coverage.queries import load_geography

HEADERS = {
    "products": ["product_id", "name", "name_zh", "brand", "nice_classes", "markets"],
    "patents": [
        "patent_no",
        "office",
        "kind",
        "status",
        "filing_date",
        "grant_date",
        "products",
        "designations",
    ],
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
ROWS = {
    "products": [
        ["P001", "Cordless drill", "无绳电钻", "KANGDA", "7;8", "CN;EU;US"],
        ["P002", "Hydraulic jack", "液压千斤顶", "HYDRO", "7", "CN;VN"],
        ["P003", "Garden pump", "花园水泵", "NEWBRAND", "7", "CN"],
    ],
    "patents": [
        ["ZL202010012345.6", "CN", "invention", "granted", "2020-03-01", "2022-05-10", "P001", ""],
        [
            "EP3456789",
            "EP",
            "invention",
            "granted",
            "2020-06-01",
            "2023-01-11",
            "P001;P002",
            "DE;FR;IT",
        ],
    ],
    "trademarks": [
        [
            "12345678",
            "CN",
            "KANGDA",
            "KANGDA",
            "7;8",
            "registered",
            "2014-06-07",
            "2015-06-07",
            "",
            "",
        ],
        [
            "1234567",
            "WO",
            "KANGDA",
            "KANGDA",
            "7",
            "registered",
            "2016-01-05",
            "2016-01-05",
            "US:protected;JP:refused;EM:pending;VN",
            "12345678",
        ],
    ],
}


def good_sheets() -> dict[str, list[list[object]]]:
    """The good portfolio as sheet name -> rows (header first); a fresh copy each call."""
    return {name: [list(HEADERS[name])] + [list(r) for r in ROWS[name]] for name in HEADERS}


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_folder(
    path: Path, sheets: dict[str, list[list[object]]], encoding: str = "utf-8"
) -> Path:
    import csv
    import io

    path.mkdir(exist_ok=True)
    for name, rows in sheets.items():
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        (path / f"{name}.csv").write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.fixture
def geography(session):
    return load_geography(session)


def run(path: Path, session, geography) -> ImportSummary:
    summary = import_portfolio(path, session=session, geography=geography)
    session.commit()
    return summary


def test_workbook_creates_every_record_with_links_and_designations(tmp_path, session, geography):
    summary = run(write_book(tmp_path / "p.xlsx", good_sheets()), session, geography)

    assert summary.counts == {
        "products": {"created": 3, "updated": 0},
        "patents": {"created": 2, "updated": 0},
        "trademarks": {"created": 2, "updated": 0},
    }
    drill = session.exec(select(Product).where(Product.product_id == "P001")).one()
    assert (drill.name_zh, drill.nice_classes, drill.markets) == (
        "无绳电钻",
        [7, 8],
        ["CN", "EU", "US"],
    )
    ep = session.exec(select(Patent).where(Patent.patent_no == "EP3456789")).one()
    assert ep.designations == ["DE", "FR", "IT"]
    linked = session.exec(
        select(Product.product_id)
        .join(ProductPatentLink, ProductPatentLink.product_pk == Product.id)
        .where(ProductPatentLink.patent_pk == ep.id)
    ).all()
    assert sorted(linked) == ["P001", "P002"]
    ir = session.exec(select(Trademark).where(Trademark.office == "WO")).one()
    parties = {
        d.party: d.status
        for d in session.exec(select(Designation).where(Designation.trademark_pk == ir.id))
    }
    assert parties == {"US": "protected", "JP": "refused", "EM": "pending", "VN": "pending"}
    assert ir.basic_mark == "12345678"


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gb18030"],
    ids=["utf8-no-bom", "utf8-with-bom-as-excel-writes", "gb18030-chinese-excel"],
)
def test_csv_folder_in_each_accepted_encoding_keeps_chinese_names(
    tmp_path, session, geography, encoding
):
    summary = run(write_folder(tmp_path / "csv", good_sheets(), encoding), session, geography)

    assert summary.counts["products"]["created"] == 3
    names = set(session.exec(select(Product.name_zh)).all())
    assert names == {"无绳电钻", "液压千斤顶", "花园水泵"}


def test_chinese_headers_values_and_fullwidth_separators(tmp_path, session, geography):
    sheets = {
        "产品": [
            ["产品编号", "产品名称", "品牌", "尼斯分类", "销售市场"],
            ["P010", "角磨机", "康达", "7，8", "CN；US、EU"],
        ],
        "专利": [
            ["专利号", "国家", "类型", "状态", "申请日", "授权日", "产品"],
            ["ZL202120001111.1", "CN", "实用新型", "授权", "2021年3月4日", "2021.09.10", "P010"],
        ],
        "商标": [
            ["注册号", "局", "品牌", "商标", "类别", "状态", "申请日", "注册日", "专用权期限"],
            [
                "55555555",
                "cn",
                "康达",
                "康达",
                "第7类",
                "已注册",
                "2019/01/02",
                "2020/01/03",
                "2020年01月03日至2030年01月02日",
            ],
        ],
    }
    summary = run(write_book(tmp_path / "中文.xlsx", sheets), session, geography)

    assert summary.counts == {
        "products": {"created": 1, "updated": 0},
        "patents": {"created": 1, "updated": 0},
        "trademarks": {"created": 1, "updated": 0},
    }
    product = session.exec(select(Product)).one()
    assert (product.brand, product.nice_classes, product.markets) == (
        "康达",
        [7, 8],
        ["CN", "US", "EU"],
    )
    patent = session.exec(select(Patent)).one()
    assert (patent.kind, patent.status, patent.filing_date) == (
        "utility_model",
        "granted",
        dt.date(2021, 3, 4),
    )
    mark = session.exec(select(Trademark)).one()
    assert (mark.office, mark.status, mark.nice_classes) == ("CN", "registered", [7])
    assert mark.expiry_date == dt.date(2030, 1, 2)


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param(dt.datetime(2024, 6, 7), id="excel-date-cell"),
        pytest.param(45450, id="excel-serial-number-in-a-general-cell"),
        pytest.param("2024-06-07", id="iso-text"),
        pytest.param("2024/06/07", id="slashes"),
        pytest.param("2024.6.7", id="dots-without-leading-zeros"),
        pytest.param("2024年6月7日", id="chinese-date"),
    ],
)
def test_every_accepted_date_form_reads_the_same_day(tmp_path, session, geography, cell):
    sheets = good_sheets()
    sheets["trademarks"][1][6:8] = [cell, "2025-01-01"]

    run(write_book(tmp_path / "d.xlsx", sheets), session, geography)

    mark = session.exec(select(Trademark).where(Trademark.tm_no == "12345678")).one()
    assert mark.filing_date == dt.date(2024, 6, 7)


def test_headers_match_whatever_their_case_spacing_and_notes(tmp_path, session, geography):
    sheets = good_sheets()
    sheets["products"][0] = [
        "Product ID",
        "NAME",
        "name_zh",
        "Brand*",
        "Nice classes (1-45)",
        "Markets（市场）",
    ]
    sheets["Notes"] = [["anything"], ["not read"]]

    summary = run(write_book(tmp_path / "h.xlsx", sheets), session, geography)

    assert summary.counts["products"]["created"] == 3


def test_reimporting_the_same_file_changes_nothing_and_never_duplicates(
    tmp_path, session, geography
):
    path = write_book(tmp_path / "p.xlsx", good_sheets())
    run(path, session, geography)

    summary = run(path, session, geography)

    assert summary.counts == {
        "products": {"created": 0, "updated": 0},
        "patents": {"created": 0, "updated": 0},
        "trademarks": {"created": 0, "updated": 0},
    }
    assert summary.unchanged == {"products": 3, "patents": 2, "trademarks": 2}
    assert summary.changes == []
    assert {p.version for p in session.exec(select(Product))} == {1}
    assert len(session.exec(select(Product)).all()) == 3
    assert len(session.exec(select(Designation)).all()) == 4
    assert len(session.exec(select(ProductPatentLink)).all()) == 3


def test_reimport_with_changed_rows_updates_them(tmp_path, session, geography):
    run(write_book(tmp_path / "p.xlsx", good_sheets()), session, geography)
    sheets = good_sheets()
    sheets["products"][1][5] = "CN;GB"
    sheets["patents"][2][6] = "P002"
    sheets["trademarks"][2][8] = "US:protected;JP:protected"

    summary = run(write_book(tmp_path / "changed.xlsx", sheets), session, geography)

    assert summary.counts["products"] == {"created": 0, "updated": 1}
    assert summary.unchanged["products"] == 2
    session.expire_all()
    drill = session.exec(select(Product).where(Product.product_id == "P001")).one()
    assert (drill.markets, drill.version) == (["CN", "GB"], 2)
    ep = session.exec(select(Patent).where(Patent.patent_no == "EP3456789")).one()
    links = session.exec(
        select(ProductPatentLink).where(ProductPatentLink.patent_pk == ep.id)
    ).all()
    assert len(links) == 1
    parties = {d.party: d.status for d in session.exec(select(Designation))}
    assert parties == {"US": "protected", "JP": "protected"}


def test_patent_may_link_a_product_saved_before(tmp_path, session, geography):
    run(write_book(tmp_path / "p.xlsx", good_sheets()), session, geography)
    sheets = good_sheets()
    sheets["products"] = [HEADERS["products"]]
    sheets["patents"] = [
        HEADERS["patents"],
        ["US11223344", "US", "design", "pending", "2023-02-01", "", "P003", ""],
    ]
    sheets["trademarks"] = [HEADERS["trademarks"]]

    summary = run(write_book(tmp_path / "more.xlsx", sheets), session, geography)

    assert summary.counts == {
        "products": {"created": 0, "updated": 0},
        "patents": {"created": 1, "updated": 0},
        "trademarks": {"created": 0, "updated": 0},
    }


def test_annuity_paid_until_and_a_pct_application_without_priority_are_imported(
    tmp_path, session, geography
):
    sheets = good_sheets()
    sheets["patents"][0].append("年费缴至")  # the Chinese header of annuity_paid_until
    sheets["patents"][1].append("2027/03/01")
    sheets["patents"][2].append(None)
    sheets["patents"].append(
        ["PCT/CN2025/123456", "WO", "utility_model", "pending", "2025-09-18", "", "P001", "", None]
    )

    summary = run(write_folder(tmp_path / "csv", sheets), session, geography)

    assert summary.counts["patents"] == {"created": 3, "updated": 0}
    paid = dict(session.exec(select(Patent.office, Patent.annuity_paid_until)).all())
    assert paid == {"CN": dt.date(2027, 3, 1), "EP": None, "WO": None}


def test_cells_merged_down_one_column_read_the_top_left_value(tmp_path, session, geography):
    path = write_book(tmp_path / "m.xlsx", good_sheets())
    book = openpyxl.load_workbook(path)
    book["products"]["D3"] = "KANGDA"
    book["products"].merge_cells("D2:D3")
    book.save(path)

    summary = run(path, session, geography)

    brands = dict(session.exec(select(Product.product_id, Product.brand)).all())
    assert brands["P002"] == "KANGDA"
    assert [str(note) for note in summary.notes] == [
        "products: the cells D2:D3 are merged; their top-left value was used on every row of "
        "column brand"
    ]


def test_formula_with_a_saved_result_is_read_as_that_result(tmp_path, session, geography):
    sheets = good_sheets()
    sheets["products"][1][4] = "=3+4"
    path = write_book(tmp_path / "f.xlsx", sheets)
    _set_cached_value(path, "xl/worksheets/sheet1.xml", "3+4", "7")

    run(path, session, geography)

    drill = session.exec(select(Product).where(Product.product_id == "P001")).one()
    assert drill.nice_classes == [7]


def _set_cached_value(path: Path, member: str, formula: str, value: str) -> None:
    """Write the result Excel would have saved next to a formula (openpyxl saves none).

    openpyxl writes the empty value as <v></v> or <v /> depending on whether lxml is installed.
    """
    import re
    import zipfile

    empty = re.compile(rb"<f>" + re.escape(formula.encode()) + rb"</f><v\s*(/>|></v>)")

    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            if info.filename == member:
                data, count = empty.subn(f"<f>{formula}</f><v>{value}</v>".encode(), data)
                assert count == 1
            dst.writestr(info, data)


def test_product_of_a_brand_without_any_trademark_is_not_a_problem(tmp_path, session, geography):
    sheets = good_sheets()
    sheets["trademarks"] = [HEADERS["trademarks"]]

    summary = run(write_book(tmp_path / "p.xlsx", sheets), session, geography)

    assert summary.counts["products"]["created"] == 3
    assert session.exec(select(Product).where(Product.brand == "NEWBRAND")).one()


def test_problem_reads_as_sheet_row_column_and_reason():
    problem = Problem(
        "trademarks.csv", 7, "designations", msg('unknown party "%(code)s"', code="XX")
    )

    assert str(problem) == 'trademarks.csv row 7, column designations: unknown party "XX"'
    assert str(Problem("patents", None, None, msg("the workbook has no sheet"))) == (
        "patents: the workbook has no sheet"
    )


@pytest.mark.parametrize(
    ("sheet", "header", "column"),
    [
        pytest.param(sheet, header, column, id=f"{sheet}-{header}")
        for sheet, header, column in [
            ("products", "产品编号", "product_id"),
            ("products", "产品代码", "product_id"),
            ("products", "名称", "name"),
            ("products", "产品名称", "name"),
            ("products", "品牌", "brand"),
            ("products", "尼斯分类", "nice_classes"),
            ("products", "类别", "nice_classes"),
            ("products", "市场", "markets"),
            ("products", "销售市场", "markets"),
            ("patents", "专利号", "patent_no"),
            ("patents", "局", "office"),
            ("patents", "国家", "office"),
            ("patents", "类型", "kind"),
            ("patents", "状态", "status"),
            ("patents", "申请日", "filing_date"),
            ("patents", "授权日", "grant_date"),
            ("patents", "优先权日", "priority_date"),
            ("trademarks", "注册号", "tm_no"),
            ("trademarks", "申请号", "tm_no"),
            ("trademarks", "商标", "mark_text"),
            ("trademarks", "注册日", "registration_date"),
            ("trademarks", "到期日", "expiry_date"),
            ("trademarks", "专用权期限", "expiry_date"),
            ("trademarks", "指定国", "designations"),
            ("trademarks", "基础商标", "basic_mark"),
            ("trademarks", "TM No.", "tm_no"),
            ("trademarks", "Filing Date", "filing_date"),
        ]
    ],
)
def test_chinese_and_english_header_aliases_name_their_column(sheet, header, column):
    spec = SHEETS[sheet]
    lookup = {header_key(a): c for c, aliases in spec.columns.items() for a in (c, *aliases)}

    assert lookup[header_key(header)] == column
