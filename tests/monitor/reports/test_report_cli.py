"""`ipwatch report monthly`: the file a user asks for, in the format its extension names, from
the same figures as `report figures`; refused clearly when the file name or month is wrong."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.monitor.reports.november import build_enforcement, build_portfolio


def text_of(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture
def november(session) -> None:
    build_enforcement(session, build_portfolio(session))


@pytest.mark.parametrize(
    ("lang", "heading", "rate"), [("zh", "执行摘要", "14.3%"), ("en", "Executive summary", "14.3%")]
)
def test_the_pdf_report_of_a_month(runner, november, tmp_path, lang, heading, rate):
    out = tmp_path / f"nov-{lang}.pdf"
    result = runner.invoke(
        args=["report", "monthly", "--month", "2026-11", "--lang", lang, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    pages = PdfReader(io.BytesIO(out.read_bytes())).pages
    assert 2 <= len(pages) <= 6
    text = text_of(out)
    assert heading in text and rate in text  # 1 of 7 cells protected


def test_the_html_report_of_a_month(runner, november, tmp_path):
    out = tmp_path / "reports" / "nov.html"  # the folder is made
    result = runner.invoke(
        args=["report", "monthly", "--month", "2026-11", "--lang", "en", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") or html.lower().startswith("<!doctype html>")
    assert "<svg" in html and "Executive summary" in html


def test_an_empty_database_still_gives_a_report_that_says_so(runner, tmp_path):
    out = tmp_path / "empty.pdf"
    result = runner.invoke(
        args=["report", "monthly", "--month", "2026-11", "--lang", "en", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "No patented product" in text_of(out)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--month", "2026-11", "--out", "report.docx"], ".pdf or .html"),
        (["--month", "November", "--out", "report.pdf"], "YYYY-MM"),
        (["--month", "2026-11", "--lang", "fr", "--out", "report.pdf"], "'fr'"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_written(runner, tmp_path, args, says):
    folder = tmp_path / "out"
    args = [str(folder / a) if a.startswith("report.") else a for a in args]
    result = runner.invoke(args=["report", "monthly", *args])
    assert result.exit_code != 0
    assert says in result.output
    assert not folder.exists()
