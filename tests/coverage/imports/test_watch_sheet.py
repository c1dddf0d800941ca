"""The optional `watch` sheet: each brand's aliases, extra terms and exclusions, imported with
the portfolio, previewed, all-or-nothing, and the full list for every brand it names."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from coverage.imports.importer import ImportConflict, apply_import, plan_import
from coverage.imports.report import write_changes_csv
from coverage.imports.template import HELP_SHEET, build_template
from coverage.models import Product, WatchTerm, WatchTermKind
from coverage.queries import load_geography
from tests.coverage.imports.test_importer import good_sheets, run, write_book, write_folder
from tests.coverage.imports.test_importer_bad import assert_reported, failing
from tests.factories import make_trademark

WATCH_HEADERS = ["brand", "kind", "text", "note"]
Sheets = dict[str, list[list[object]]]


@pytest.fixture
def geography(session):
    return load_geography(session)


def with_watch(*rows: list[object], headers: list[str] = WATCH_HEADERS) -> Sheets:
    """The good portfolio (brand KANGDA has trademarks) with a watch sheet of `rows`."""
    sheets = good_sheets()
    sheets["watch"] = [list(headers), *(list(r) for r in rows)]
    return sheets


def saved_terms(session) -> list[tuple[str, str, str, str | None]]:
    """The watch terms a user sees on the watch-list page: (brand, kind, text, note)."""
    session.expire_all()
    terms = session.exec(select(WatchTerm)).all()
    return sorted((t.brand, str(t.kind), t.text, t.note) for t in terms)


def changes(plan) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    return [
        (c.action, c.sheet, c.key, [(f.field, f.before, f.after) for f in c.fields])
        for c in plan.changes
        if c.sheet == "watch"
    ]


def test_the_preview_shows_a_new_alias_and_writes_nothing(tmp_path, session, geography):
    sheets = with_watch(["KANGDA", "alias", "康达", "Chinese name"])

    plan = plan_import(
        write_book(tmp_path / "w.xlsx", sheets), session=session, geography=geography
    )

    assert changes(plan) == [("created", "watch", "KANGDA alias 康达", [])]
    assert plan.counts["watch"] == {"created": 1, "updated": 0, "removed": 0}
    assert saved_terms(session) == []


def test_importing_stores_every_kind_of_term_with_its_note(tmp_path, session, geography):
    sheets = with_watch(
        ["KANGDA", "alias", "康达", "Chinese name"],
        ["KANGDA", "term", "KANG-DA", None],
        ["KANGDA", "exclusion", "康达五金旗舰店", "our authorised seller"],
    )

    summary = run(write_book(tmp_path / "w.xlsx", sheets), session, geography)

    assert summary.counts["watch"] == {"created": 3, "updated": 0, "removed": 0}
    assert saved_terms(session) == [
        ("KANGDA", "alias", "康达", "Chinese name"),
        ("KANGDA", "exclusion", "康达五金旗舰店", "our authorised seller"),
        ("KANGDA", "term", "KANG-DA", None),
    ]
    stamped = session.exec(select(WatchTerm.created_at)).all()
    assert all(isinstance(t, dt.datetime) for t in stamped)


def test_chinese_sheet_name_headers_and_kinds_are_read(tmp_path, session, geography):
    sheets = good_sheets()
    sheets["监控词"] = [
        ["品牌", "类型", "文字", "备注"],
        ["KANGDA", "别名", "康达", ""],
        ["KANGDA", "监控词", "康达电钻", ""],
        ["KANGDA", "排除", "康达官方店", "授权经销商"],
    ]

    run(write_book(tmp_path / "zh.xlsx", sheets), session, geography)

    assert saved_terms(session) == [
        ("KANGDA", "alias", "康达", None),
        ("KANGDA", "exclusion", "康达官方店", "授权经销商"),
        ("KANGDA", "term", "康达电钻", None),
    ]


def test_a_gb18030_watch_csv_in_a_folder_is_imported(tmp_path, session, geography):
    sheets = good_sheets()
    sheets["watch"] = [
        ["类型", "品牌", "词", "备注"],
        ["排除", "KANGDA", "康达五金专营店", "授权店"],
    ]

    run(write_folder(tmp_path / "csv", sheets, "gb18030"), session, geography)

    assert saved_terms(session) == [("KANGDA", "exclusion", "康达五金专营店", "授权店")]


def test_a_gb18030_watch_csv_with_the_brand_column_first_is_imported(tmp_path, session, geography):
    # 品 in GB18030 (C6 B7) is also a valid UTF-8 pair: the file must still be read as GB18030
    sheets = with_watch(["KANGDA", "别名", "康达", ""], headers=["品牌", "类型", "文字", "备注"])

    run(write_folder(tmp_path / "csv", sheets, "gb18030"), session, geography)

    assert saved_terms(session) == [("KANGDA", "alias", "康达", None)]


def test_a_control_character_in_watch_csv_is_named_with_its_row(tmp_path, session, geography):
    sheets = with_watch(["KANGDA", "alias", "康达", ""], ["KANGDA", "exclusion", "康达\x07店", ""])

    problems = failing(write_folder(tmp_path / "csv", sheets), session, geography)

    assert [str(p) for p in problems] == [
        "watch.csv row 3, column text: contains a control character (U+0007)"
    ]


def test_the_sheet_replaces_the_terms_of_the_brands_it_names_only(tmp_path, session, geography):
    make_trademark(session, brand="TIANMU", mark_text="TIANMU", tm_no="T-1")
    first = with_watch(
        ["KANGDA", "alias", "康达", ""],
        ["KANGDA", "exclusion", "康达五金旗舰店", "old seller"],
        ["TIANMU", "alias", "天目", ""],
    )
    run(write_book(tmp_path / "a.xlsx", first), session, geography)
    second = with_watch(
        ["KANGDA", "alias", "康达", "Chinese name"],  # note added
        ["KANGDA", "term", "KANG DA", ""],  # new; the exclusion is left out
    )

    plan = plan_import(
        write_book(tmp_path / "b.xlsx", second), session=session, geography=geography
    )

    assert changes(plan) == [
        ("updated", "watch", "KANGDA alias 康达", [("note", "", "Chinese name")]),
        ("created", "watch", "KANGDA term KANG DA", []),
        (
            "removed",
            "watch",
            "KANGDA exclusion 康达五金旗舰店",
            [("text", "康达五金旗舰店", ""), ("note", "old seller", "")],
        ),
    ]
    assert plan.counts["watch"] == {"created": 1, "updated": 1, "removed": 1}
    assert plan.needs_confirmation  # saved terms would change: the page asks first
    apply_import(plan, session=session)
    session.commit()
    assert saved_terms(session) == [
        ("KANGDA", "alias", "康达", "Chinese name"),
        ("KANGDA", "term", "KANG DA", None),
        ("TIANMU", "alias", "天目", None),  # not named in the sheet: kept
    ]


def test_reimporting_without_the_watch_sheet_keeps_every_term(tmp_path, session, geography):
    run(
        write_book(tmp_path / "a.xlsx", with_watch(["KANGDA", "alias", "康达", ""])),
        session,
        geography,
    )
    sheets = good_sheets()
    sheets["products"][1][1] = "Cordless drill 18 V"

    summary = run(write_book(tmp_path / "b.xlsx", sheets), session, geography)

    assert "watch" not in summary.counts
    assert [c.sheet for c in summary.changes] == ["products"]
    assert saved_terms(session) == [("KANGDA", "alias", "康达", None)]


def test_reimporting_the_same_watch_sheet_changes_nothing(tmp_path, session, geography):
    path = write_book(tmp_path / "a.xlsx", with_watch(["KANGDA", "alias", "康达", "x"]))
    run(path, session, geography)

    plan = plan_import(path, session=session, geography=geography)

    assert plan.changes == [] and plan.unchanged["watch"] == 1
    assert not plan.needs_confirmation


def test_the_changes_csv_lists_a_removed_term(tmp_path, session, geography):
    run(
        write_book(tmp_path / "a.xlsx", with_watch(["KANGDA", "alias", "康达", ""])),
        session,
        geography,
    )
    plan = plan_import(
        write_book(tmp_path / "b.xlsx", with_watch(["KANGDA", "alias", "KD", ""])),
        session=session,
        geography=geography,
    )
    out = io.StringIO()

    write_changes_csv(out, plan.changes)

    lines = out.getvalue().splitlines()
    assert "watch,2,KANGDA alias KD,created,,," in lines
    assert "watch,,KANGDA alias 康达,removed,text,康达," in lines


@pytest.mark.parametrize(
    ("row", "headers", "expected"),
    [
        pytest.param(
            ["KANGDA", "同义词", "康达", ""],
            WATCH_HEADERS,
            ("watch", 2, "kind", 'unknown kind "同义词"; use one of alias, term, exclusion'),
            id="unknown-kind-named-with-its-row",
        ),
        pytest.param(
            ["KANGDA", "alias", "  ", ""],
            WATCH_HEADERS,
            ("watch", 2, "text", "required: it is empty"),
            id="empty-text",
        ),
        pytest.param(
            ["NOBRAND", "alias", "无名", ""],
            WATCH_HEADERS,
            ("watch", 2, "brand", 'unknown brand "NOBRAND"'),
            id="brand-without-any-trademark",
        ),
        pytest.param(
            ["KANGDA", "坏值", "康达", ""],
            ["品牌", "类型", "文字", "备注"],
            ("watch", 2, "类型", 'unknown kind "坏值"'),
            id="column-named-as-the-file-names-it",
        ),
    ],
)
def test_a_bad_watch_row_names_its_place_and_imports_nothing(
    tmp_path, session, geography, row, headers, expected
):
    sheets = with_watch(row, headers=headers)

    problems = failing(write_book(tmp_path / "bad.xlsx", sheets), session, geography)

    assert_reported(problems, expected)
    assert session.exec(select(Product)).all() == []  # all or nothing: no product either
    assert saved_terms(session) == []


def test_a_repeated_term_is_one_problem_naming_its_rows(tmp_path, session, geography):
    sheets = with_watch(["KANGDA", "alias", "康达", ""], ["KANGDA", "别名", "康达", "again"])

    problems = failing(write_book(tmp_path / "bad.xlsx", sheets), session, geography)

    assert [str(p) for p in problems] == [
        'watch row 3, column text: "KANGDA alias 康达" is on rows 2 and 3; '
        "keep one row per brand + kind + text"
    ]


def test_a_missing_text_column_says_which_headers_work(tmp_path, session, geography):
    sheets = with_watch(["KANGDA", "alias"], headers=["brand", "kind"])

    problems = failing(write_book(tmp_path / "bad.xlsx", sheets), session, geography)

    assert_reported(problems, ("watch", 1, "text", 'missing column "text"'))


def test_a_brand_saved_before_is_accepted_without_its_trademarks_in_the_file(
    tmp_path, session, geography
):
    make_trademark(session, brand="TIANMU", mark_text="TIANMU", tm_no="T-1")
    session.commit()

    run(
        write_book(tmp_path / "w.xlsx", with_watch(["TIANMU", "alias", "天目", ""])),
        session,
        geography,
    )

    assert saved_terms(session) == [("TIANMU", "alias", "天目", None)]


def test_applying_a_plan_whose_removed_term_was_deleted_since_is_refused(
    tmp_path, session, geography
):
    first = with_watch(["KANGDA", "alias", "康达", ""], ["KANGDA", "term", "KD", ""])
    run(write_book(tmp_path / "a.xlsx", first), session, geography)
    plan = plan_import(
        write_book(tmp_path / "b.xlsx", with_watch(["KANGDA", "alias", "康达", ""])),
        session=session,
        geography=geography,
    )
    for term in session.exec(select(WatchTerm).where(WatchTerm.text == "KD")):
        session.delete(term)  # someone removes it on the watch-list page meanwhile
    session.commit()

    with pytest.raises(ImportConflict) as caught:
        apply_import(plan, session=session)

    session.rollback()
    assert 'someone changed watch "KANGDA term KD" a moment ago' in str(caught.value.message)
    assert saved_terms(session) == [("KANGDA", "alias", "康达", None)]


def test_applying_a_plan_whose_new_term_was_added_since_is_refused(tmp_path, session, geography):
    plan = plan_import(
        write_book(tmp_path / "a.xlsx", with_watch(["KANGDA", "alias", "康达", ""])),
        session=session,
        geography=geography,
    )
    session.add(WatchTerm(brand="KANGDA", kind=WatchTermKind.ALIAS, text="康达", note="by hand"))
    session.commit()  # someone adds the same alias on the watch-list page meanwhile

    with pytest.raises(ImportConflict) as caught:
        apply_import(plan, session=session)

    session.rollback()
    assert "someone imported the same new records a moment ago" in str(caught.value.message)
    assert saved_terms(session) == [("KANGDA", "alias", "康达", "by hand")]


def test_the_template_has_a_watch_sheet_explained_in_both_languages(tmp_path, session, geography):
    book = openpyxl.load_workbook(io.BytesIO(build_template()))

    assert [c.value for c in book["watch"][1]] == WATCH_HEADERS
    assert "中文列名" in book["watch"]["B1"].comment.text
    lists = {str(dv.sqref): dv.formula1 for dv in book["watch"].data_validations.dataValidation}
    assert lists["B2:B2000"] == '"alias,term,exclusion"'
    help_text = "\n".join(str(c) for row in book[HELP_SHEET].values for c in row if c)
    assert "the brand's terms missing from it are removed" in help_text
    assert "没有 watch 工作表时不改动任何监控词" in help_text
    path = tmp_path / "template.xlsx"
    path.write_bytes(build_template())
    run(path, session, geography)
    assert saved_terms(session) == [
        ("KANGDA", "alias", "康达", "Chinese name"),
        ("KANGDA", "exclusion", "康达五金旗舰店", "authorised seller / 授权经销商"),
    ]


def test_a_folder_without_watch_csv_imports_as_before(tmp_path, session, geography):
    folder: Path = write_folder(tmp_path / "csv", good_sheets())

    summary = run(folder, session, geography)

    assert set(summary.counts) == {"products", "patents", "trademarks"}
