"""Bad input: every problem is reported with sheet, row, column and reason; nothing is saved."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import func, select

from coverage.imports.importer import ImportFailed, Problem, import_portfolio
from coverage.models import Designation, Patent, PortfolioState, Product, Trademark
from coverage.queries import load_geography
from tests.coverage.imports.test_importer import HEADERS, good_sheets, write_book, write_folder

FILES = Path(__file__).resolve().parents[2] / "files" / "import"
Sheets = dict[str, list[list[object]]]


def edit(sheet: str, row: int, column: str, value: object) -> Callable[[Sheets], None]:
    """Set one cell of the good workbook: `row` as Excel numbers it, `column` by header."""

    def apply(sheets: Sheets) -> None:
        sheets[sheet][row - 1][HEADERS[sheet].index(column)] = value

    return apply


def append(sheet: str, row: list[object]) -> Callable[[Sheets], None]:
    return lambda sheets: sheets[sheet].append(row)


def drop_sheet(sheet: str) -> Callable[[Sheets], None]:
    return lambda sheets: sheets.pop(sheet) and None


def drop_column(sheet: str, column: str) -> Callable[[Sheets], None]:
    def apply(sheets: Sheets) -> None:
        index = sheets[sheet][0].index(column)
        for row in sheets[sheet]:
            del row[index]

    return apply


def add_column(sheet: str, column: str, cells: dict[int, object]) -> Callable[[Sheets], None]:
    """Add a column to the good workbook, with a value in the rows (as Excel numbers them) given."""

    def apply(sheets: Sheets) -> None:
        sheets[sheet][0].append(column)
        for number, row in enumerate(sheets[sheet][1:], start=2):
            row.append(cells.get(number))

    return apply


def both(*changes: Callable[[Sheets], None]) -> Callable[[Sheets], None]:
    def apply(sheets: Sheets) -> None:
        for change in changes:
            change(sheets)

    return apply


WO_ROW = 3  # the Madrid registration in the good trademarks sheet
CN_ROW, EP_ROW = 2, 3  # the CN invention (filed 2020-03-01) and the granted EP patent
# A PCT application, appended as row 4 of the patents sheet (columns of HEADERS["patents"]).
PCT_ROW = ["PCT/CN2025/123456", "WO", "invention", "pending", "2025-09-18", "", "P001", ""]
ROW_CASES = [
    pytest.param(
        edit("trademarks", 2, "office", "XX"),
        ("trademarks", 2, "office", 'unknown office "XX"'),
        id="unknown-office-code",
    ),
    pytest.param(
        edit("trademarks", 2, "office", "UK"),
        ("trademarks", 2, "office", 'unknown office "UK" (did you mean GB?)'),
        id="uk-is-not-the-iso-code",
    ),
    pytest.param(
        edit("patents", 2, "office", "QQ"),
        ("patents", 2, "office", 'unknown office "QQ"'),
        id="unknown-patent-office",
    ),
    pytest.param(
        edit("products", 3, "markets", "CN;ZZ"),
        ("products", 3, "markets", 'unknown market "ZZ"'),
        id="unknown-market-country",
    ),
    pytest.param(
        edit("products", 2, "nice_classes", "7;46"),
        ("products", 2, "nice_classes", "class 46 is outside 1–45"),
        id="class-46",
    ),
    pytest.param(
        edit("trademarks", 2, "nice_classes", "0"),
        ("trademarks", 2, "nice_classes", "class 0 is outside 1–45"),
        id="class-0",
    ),
    pytest.param(
        edit("products", 2, "nice_classes", "tools"),
        ("products", 2, "nice_classes", '"tools" is not a Nice class number'),
        id="class-not-a-number",
    ),
    pytest.param(
        edit("trademarks", 2, "filing_date", "2023-02-30"),
        (
            "trademarks",
            2,
            "filing_date",
            '"2023-02-30" is not a real date: February 2023 has 28 days',
        ),
        id="impossible-date-feb-30",
    ),
    pytest.param(
        edit("patents", 2, "filing_date", "07/06/2020"),
        ("patents", 2, "filing_date", '"07/06/2020" is not a date; write YYYY-MM-DD'),
        id="ambiguous-day-month-date",
    ),
    pytest.param(
        edit("patents", 2, "grant_date", "2019-01-01"),
        ("patents", 2, "grant_date", "grant date 2019-01-01 is before the filing date 2020-03-01"),
        id="grant-before-filing",
    ),
    pytest.param(
        append(
            "patents", ["US1234567", "US", "utility_model", "granted", "2020-01-02", "", "", ""]
        ),
        ("patents", 4, "kind", "US has no utility_model patents; US grants design and invention"),
        id="US-utility-model",
    ),
    pytest.param(
        edit("patents", EP_ROW, "kind", "design"),
        ("patents", EP_ROW, "kind", "EP has no design patents; EP grants invention"),
        id="EP-design",
    ),
    pytest.param(
        edit("patents", EP_ROW, "designations", ""),
        (
            "patents",
            EP_ROW,
            "designations",
            "a granted EP patent needs the states where it was validated, e.g. DE;FR;IT",
        ),
        id="granted-EP-without-validation-states",
    ),
    pytest.param(
        append("patents", [*PCT_ROW[:4], "", *PCT_ROW[5:]]),
        (
            "patents",
            4,
            "filing_date",
            "a WO (PCT) application needs its international filing date, because the "
            "national-phase deadlines are counted from the priority date",
        ),
        id="PCT-without-filing-date",
    ),
    pytest.param(
        both(append("patents", PCT_ROW), add_column("patents", "priority_date", {4: "2025-10-01"})),
        (
            "patents",
            4,
            "filing_date",
            "filing date 2025-09-18 is before the priority date 2025-10-01",
        ),
        id="PCT-priority-after-filing",
    ),
    pytest.param(
        add_column("patents", "annuity_paid_until", {CN_ROW: "2019-03-01"}),
        (
            "patents",
            CN_ROW,
            "annuity_paid_until",
            "annuity paid until 2019-03-01 is before the filing date 2020-03-01",
        ),
        id="annuity-paid-until-before-filing",
    ),
    pytest.param(
        edit("trademarks", 2, "registration_date", "2010-01-01"),
        (
            "trademarks",
            2,
            "registration_date",
            "registration date 2010-01-01 is before the filing date 2014-06-07",
        ),
        id="registration-before-filing",
    ),
    pytest.param(
        edit("trademarks", WO_ROW, "designations", ""),
        (
            "trademarks",
            WO_ROW,
            "designations",
            "a WO (Madrid) registration needs its designated parties",
        ),
        id="wo-mark-without-designations",
    ),
    pytest.param(
        edit("trademarks", WO_ROW, "basic_mark", None),
        (
            "trademarks",
            WO_ROW,
            "basic_mark",
            "a WO (Madrid) registration needs the tm_no of its basic (home) mark",
        ),
        id="wo-mark-without-basic-mark",
    ),
    pytest.param(
        edit("trademarks", WO_ROW, "designations", "US:protected;XX"),
        ("trademarks", WO_ROW, "designations", 'unknown party "XX"'),
        id="designation-of-unknown-party",
    ),
    pytest.param(
        edit("trademarks", WO_ROW, "designations", "US:maybe"),
        ("trademarks", WO_ROW, "designations", 'unknown status "maybe" for US'),
        id="designation-with-unknown-status",
    ),
    pytest.param(
        edit("trademarks", WO_ROW, "designations", "TW:protected"),
        ("trademarks", WO_ROW, "designations", '"TW" is not a Madrid party'),
        id="designation-of-a-non-madrid-country",
    ),
    pytest.param(
        edit("trademarks", 2, "designations", "US"),
        (
            "trademarks",
            2,
            "designations",
            "designations are only for WO (Madrid) registrations, not CN",
        ),
        id="designations-on-a-national-mark",
    ),
    pytest.param(
        edit("patents", 2, "kind", "gadget"),
        (
            "patents",
            2,
            "kind",
            'unknown kind "gadget"; use one of invention, utility_model, design',
        ),
        id="unknown-patent-kind",
    ),
    pytest.param(
        edit("trademarks", 2, "status", "alive"),
        ("trademarks", 2, "status", 'unknown status "alive"'),
        id="unknown-mark-status",
    ),
    pytest.param(
        edit("patents", 3, "products", "P001;P999"),
        (
            "patents",
            3,
            "products",
            'unknown product "P999": it is neither in products nor saved before',
        ),
        id="patent-linked-to-unknown-product",
    ),
    pytest.param(
        append("products", ["P001", "Drill again", "", "KANGDA", "7", "CN"]),
        ("products", 5, "product_id", '"P001" is on rows 2 and 5; keep one row per product_id'),
        id="duplicate-product-id",
    ),
    pytest.param(
        append(
            "trademarks", ["12345678", "cn", "KANGDA", "", "9", "pending", "2020-01-01", "", "", ""]
        ),
        (
            "trademarks",
            4,
            "tm_no",
            '"CN 12345678" is on rows 2 and 4; keep one row per office + tm_no',
        ),
        id="duplicate-office-and-number",
    ),
    pytest.param(
        edit("products", 2, "brand", "   "),
        ("products", 2, "brand", "required: it is empty"),
        id="blank-brand",
    ),
    pytest.param(
        edit("products", 2, "product_id", "P" * 65),
        ("products", 2, "product_id", "too long (65 characters; at most 64)"),
        id="product-id-too-long",
    ),
    pytest.param(
        drop_sheet("patents"),
        ("patents", None, None, 'the workbook has no sheet "patents"'),
        id="patents-sheet-missing",
    ),
    pytest.param(
        drop_column("products", "brand"),
        ("products", 1, "brand", 'missing column "brand"'),
        id="required-column-missing",
    ),
    pytest.param(
        edit("products", 1, "name_zh", "名称"),
        ("products", 1, "名称", 'the columns "name" and "名称" both mean name'),
        id="two-columns-for-one-field",
    ),
    pytest.param(
        edit("products", 2, "nice_classes", "#REF!"),
        (
            "products",
            2,
            "nice_classes",
            "the cell E2 shows the Excel error #REF!; correct it or type the value",
        ),
        id="excel-error-value",
    ),
    pytest.param(
        edit("products", 2, "nice_classes", "=SUM(A9:A10)"),
        (
            "products",
            2,
            "nice_classes",
            "the cell E2 holds a formula (=SUM(A9:A10)) with no saved result",
        ),
        id="formula-without-saved-result",
    ),
]


@pytest.fixture
def geography(session):
    return load_geography(session)


def snapshot(session) -> tuple[int, ...]:
    """Counts and versions a user would see change if anything had been written."""
    tables = (Product, Patent, Trademark, Designation, PortfolioState)
    counts = tuple(session.exec(select(func.count()).select_from(t)).one() for t in tables)
    versions = tuple(session.exec(select(Product.version).order_by(Product.product_id)).all())
    return counts + versions


def failing(path: Path, session, geography, **kwargs) -> list[Problem]:
    before = snapshot(session)
    with pytest.raises(ImportFailed) as caught:
        import_portfolio(path, session=session, geography=geography, **kwargs)
    session.rollback()
    assert snapshot(session) == before, "a failed import changed the database"
    return caught.value.problems


def assert_reported(problems: list[Problem], expected: tuple[str, int | None, str | None, str]):
    sheet, row, column, reason = expected
    places = [(p.sheet, p.row, p.column) for p in problems]
    matching = [p for p in problems if (p.sheet, p.row, p.column) == (sheet, row, column)]
    assert matching, f"no problem at {(sheet, row, column)}; got {places}"
    assert any(reason in str(p.reason) for p in matching), [str(p.reason) for p in matching]


@pytest.mark.parametrize(("change", "expected"), ROW_CASES)
def test_bad_cell_names_its_place_and_reason(tmp_path, session, geography, change, expected):
    sheets = good_sheets()
    change(sheets)

    problems = failing(write_book(tmp_path / "bad.xlsx", sheets), session, geography)

    assert_reported(problems, expected)


def test_bad_rows_in_a_csv_folder_name_the_file(tmp_path, session, geography):
    sheets = good_sheets()
    edit("trademarks", WO_ROW, "designations", "US:protected;XX")(sheets)

    problems = failing(write_folder(tmp_path / "csv", sheets), session, geography)

    assert [str(p) for p in problems] == [
        'trademarks.csv row 3, column designations: unknown party "XX"; '
        "use ISO country codes, EM, BX or OA"
    ]


def test_every_problem_of_every_sheet_is_reported_in_order(tmp_path, session, geography):
    sheets = good_sheets()
    for change in (
        edit("products", 2, "nice_classes", "46"),
        edit("products", 3, "markets", "ZZ"),
        edit("patents", 2, "filing_date", "2023-02-30"),
        edit("trademarks", 2, "office", "XX"),
        edit("trademarks", WO_ROW, "designations", ""),
    ):
        change(sheets)

    problems = failing(write_book(tmp_path / "bad.xlsx", sheets), session, geography)

    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("products", 2, "nice_classes"),
        ("products", 3, "markets"),
        ("patents", 2, "filing_date"),
        ("trademarks", 2, "office"),
        ("trademarks", 3, "designations"),
    ]


def test_failed_import_leaves_earlier_data_untouched(tmp_path, session, geography):
    import_portfolio(
        write_book(tmp_path / "good.xlsx", good_sheets()), session=session, geography=geography
    )
    session.commit()
    sheets = good_sheets()
    edit("products", 2, "markets", "CN;US;JP")(sheets)  # a good change ...
    edit("products", 3, "nice_classes", "99")(sheets)  # ... next to a bad one

    failing(write_book(tmp_path / "bad.xlsx", sheets), session, geography)

    drill = session.exec(select(Product).where(Product.product_id == "P001")).one()
    assert drill.markets == ["CN", "EU", "US"]


def test_cells_merged_across_columns_are_reported(tmp_path, session, geography):
    path = write_book(tmp_path / "m.xlsx", good_sheets())
    book = openpyxl.load_workbook(path)
    book["products"].merge_cells("B3:C3")
    book.save(path)

    problems = failing(path, session, geography)

    assert_reported(problems, ("products", 3, "name", "the cells B3:C3 are merged; unmerge them"))


def _csv_folder(tmp_path: Path, products: bytes) -> Path:
    folder = write_folder(tmp_path / "csv", good_sheets())
    (folder / "products.csv").write_bytes(products)
    return folder


FILE_CASES = [
    pytest.param(
        lambda d: FILES / "password-protected.xlsx",
        (
            "password-protected.xlsx",
            None,
            None,
            "the workbook is password-protected; save it without a password",
        ),
        id="password-protected-xlsx",
    ),
    pytest.param(
        lambda d: FILES / "old-excel.xls",
        (
            "old-excel.xls",
            None,
            None,
            "this is an old Excel 97-2003 (.xls) file; open "
            "it in Excel and save it as Excel Workbook (.xlsx)",
        ),
        id="old-xls-format",
    ),
    pytest.param(
        lambda d: _write(d / "broken.xlsx", b"PK\x03\x04 this is not really a zip"),
        ("broken.xlsx", None, None, "the workbook is damaged and cannot be read"),
        id="corrupt-xlsx",
    ),
    pytest.param(
        lambda d: _write(d / "notes.xlsx", b"product_id,name\nP1,x\n"),
        ("notes.xlsx", None, None, "the file is not an Excel workbook (.xlsx)"),
        id="text-file-named-xlsx",
    ),
    pytest.param(
        lambda d: _write(d / "empty.xlsx", b""),
        ("empty.xlsx", None, None, "the file is empty"),
        id="empty-xlsx-file",
    ),
    pytest.param(
        lambda d: _write(d / "portfolio.ods", b"PK\x03\x04..."),
        ("portfolio.ods", None, None, 'cannot read ".ods" files'),
        id="ods-file",
    ),
    pytest.param(
        lambda d: d / "nowhere.xlsx",
        ("nowhere.xlsx", None, None, "no such file or folder"),
        id="missing-path",
    ),
    pytest.param(
        lambda d: _csv_folder(d, b""),
        ("products.csv", None, None, "the file is empty"),
        id="empty-csv",
    ),
    pytest.param(
        lambda d: _csv_folder(d, "product_id,name\nP1,Caf\xe9\n".encode("latin-1")),
        ("products.csv", 2, None, "the text is neither UTF-8 nor GB18030 (byte 0xe9 on line 2)"),
        id="csv-in-latin-1",
    ),
    pytest.param(
        lambda d: _csv_folder(
            d, "product_id,name\nP1,电钻\nP2,\xff\n".encode().replace(b"\xc3\xbf", b"\xff")
        ),
        ("products.csv", 3, None, "the text is neither UTF-8 nor GB18030"),
        id="utf8-csv-with-a-stray-byte",
    ),
    pytest.param(
        lambda d: _csv_folder(d, "product_id,name\n".encode("utf-16")),
        ("products.csv", None, None, 'the file is UTF-16 ("Unicode Text")'),
        id="csv-in-utf16",
    ),
    pytest.param(
        lambda d: _csv_folder(d, b"product_id;name;brand\nP1;x;K\n"),
        ("products.csv", 1, None, "the columns are separated by ;"),
        id="csv-with-semicolon-columns",
    ),
    pytest.param(
        lambda d: (_csv_folder(d, b"x\n") / "patents.csv").unlink() or d / "csv",
        ("patents.csv", None, None, "the folder has no patents.csv"),
        id="csv-file-missing",
    ),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("make", "expected"), FILE_CASES)
def test_unreadable_file_says_why(tmp_path, session, geography, make, expected):
    problems = failing(make(tmp_path), session, geography)

    assert_reported(problems, expected)


def test_file_over_the_size_limit_says_its_size_and_the_limit(tmp_path, session, geography):
    path = write_book(tmp_path / "big.xlsx", good_sheets())

    problems = failing(path, session, geography, max_bytes=1024)

    size_kb = round(path.stat().st_size / 1024)
    assert [str(p) for p in problems] == [f"big.xlsx: the file is {size_kb} KB; the limit is 1 KB"]


def test_workbook_that_unpacks_far_beyond_the_limit_is_refused(tmp_path, session, geography):
    sheets = good_sheets()
    sheets["Notes"] = [["x" * 30_000] for _ in range(40)]  # compresses to almost nothing
    path = write_book(tmp_path / "bomb.xlsx", sheets)
    assert path.stat().st_size < 10_000 and zipfile.is_zipfile(path)

    problems = failing(path, session, geography, max_bytes=10_000)

    reason = str(problems[0].reason)
    assert "unpacks to" in reason and "the limit is 244 KB" in reason


def test_sheet_with_no_header_row_says_what_row_1_needs(tmp_path, session, geography):
    sheets = good_sheets()
    sheets["patents"] = []

    problems = failing(write_book(tmp_path / "p.xlsx", sheets), session, geography)

    assert_reported(
        problems,
        (
            "patents",
            1,
            None,
            "the sheet is empty: row 1 must hold the "
            "column names (patent_no, office, kind, status, filing_date",
        ),
    )


def test_duplicate_key_is_reported_even_when_the_first_row_is_also_bad(
    tmp_path, session, geography
):
    """A user fixing row 2 should learn at once that row 3 repeats its key."""
    import openpyxl

    from coverage.imports.importer import ImportFailed, import_portfolio

    book = openpyxl.Workbook()
    products = book.active
    products.title = "products"
    products.append(["product_id", "name", "brand", "nice_classes", "markets"])
    products.append(["X-1", "Drill", "KANGDA", "46", "CN"])
    products.append(["X-1", "Drill again", "KANGDA", "7", "CN"])
    book.create_sheet("patents").append(["patent_no", "office", "kind", "status", "filing_date"])
    book.create_sheet("trademarks").append(
        ["tm_no", "office", "brand", "nice_classes", "status", "filing_date"]
    )
    path = tmp_path / "dup.xlsx"
    book.save(path)
    with pytest.raises(ImportFailed) as caught:
        import_portfolio(path, session=session, geography=geography)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(2, "nice_classes"), (3, "product_id")}
    assert '"X-1" is on rows 2 and 3' in str(
        next(p for p in caught.value.problems if p.row == 3).reason
    )
