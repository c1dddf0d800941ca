"""The monthly report as PDF, read back with pypdf as a reader's PDF viewer would: two to six A4
pages, headings in the report's language, Chinese set in the standard CJK font STSong-Light
(searchable, no font file), brand names as users typed them, a large portfolio cut to fit."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from monitor.reports.render import render_report
from tests.monitor.reports.test_summary import make_figures, make_previous, make_quiet_month

HOSTILE = "<b>&amp;</b> & <font name='x'>"


def render(
    app, figures: dict[str, Any], lang: str, history: list[dict[str, Any]] | None = None
) -> bytes:  # type: ignore[no-untyped-def]
    with app.app_context():
        return render_report(figures, history or [figures], lang=lang, fmt="pdf")


def read(body: bytes) -> tuple[PdfReader, str]:
    """The PDF and its text with every run of whitespace removed (pypdf's spacing varies)."""
    reader = PdfReader(io.BytesIO(body))
    text = "".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", "", text)


def fonts(reader: PdfReader) -> dict[str, str]:
    """BaseFont -> Encoding of every font the pages (and their charts) use."""
    found: dict[str, str] = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = str(font.get("/Encoding", ""))
    return found


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def large_portfolio() -> dict[str, Any]:
    """200 markets, 500 top gaps, 300 deadlines, 10 decisions, every route busy."""
    codes = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(200)]
    markets = {
        code: (60 + i % 40, 20 + i % 30, 3, 4, 2, 31 + i % 10 - i % 30)
        for i, code in enumerate(codes)
    }
    figures = make_figures(
        markets={k: (v[0], v[1], v[2], v[3], v[4], v[0] - sum(v[1:5])) for k, v in markets.items()}
    )
    gap = figures["top_gaps"][0]
    figures["top_gaps"] = [
        {
            **gap,
            "brand": f"BRAND-{n}",
            "market": codes[n % 200],
            "region": ["ASEAN", "RCEP", "GCC", None][n % 4],
            "products": [f"P-{n}-{k}" for k in range(12)],
        }
        for n in range(500)
    ]
    deadline = figures["deadlines"][1]
    figures["deadlines"] = [
        {**deadline, "subject": f"CN {16000000 + n}", "due": f"2026-12-{1 + n % 28:02d}"}
        for n in range(300)
    ]
    figures["deadlines_next_60_days"] = 300
    figures["decisions"] = (figures["decisions"] * 2)[:10]
    routes = (
        "platform_complaint",
        "cease_and_desist",
        "opposition",
        "invalidation",
        "non_use_cancellation",
        "admin_complaint",
        "civil_suit",
        "criminal_referral",
        "customs",
    )
    figures["cases_by_route"] = {
        r: {
            "opened": 9,
            "closed": 7,
            "open": 30,
            "stages": {"draft": 3, "filed": 20, "evidence": 7},
        }
        for r in routes
    }
    figures["patents_by_market"] = {
        c: {"branded_products": 40, "without_live_patent": i % 40, "share_without": (i % 40) / 40}
        for i, c in enumerate(codes)
    }
    return figures


def test_the_chinese_report_is_chinese_throughout_and_set_in_the_cjk_font(app):
    reader, text = read(render(app, make_figures(), "zh", [make_previous(), make_figures()]))

    assert 2 <= len(reader.pages) <= 6
    for heading in (
        "知识产权月度报告2026年11月",
        "执行摘要",
        "待决事项",
        "关键指标",
        "按销售区域列出的主要缺口",
        "未来60天的期限",
        "维权成果",
        "附录：市知识产权战略项目指标",
        "种子任务4",
        "种子任务5",
        "种子任务7",
    ):
        assert heading in text, heading
    assert "专利产品的商标覆盖率为64.1%" in text
    assert "较2026年10月上升4.2个百分点" in text
    assert "在宽展期内续展US5123456（KANGDA），截止2026-12-02" in text
    assert "Executive" not in text and "Decisions" not in text
    # every text run, charts and page footers included, is in the standard CJK font
    assert fonts(reader) == {"/STSong-Light": "/UniGB-UCS2-H"}


def test_the_english_report_has_english_headings_and_keeps_a_chinese_brand_searchable(app):
    reader, text = read(render(app, make_figures(), "en"))

    assert 2 <= len(reader.pages) <= 6
    for heading in (
        "ipwatch—monthlyIPreport,November2026",
        "Executivesummary",
        "Decisionsneeded",
        "Keyfigures",
        "Topgapsbysalesregion",
        "Deadlinesinthenext60days",
        "Enforcementresults",
        "Appendix:cityIP-strategyprogrammefigures",
    ):
        assert heading in text, heading
    assert "康达" in text  # a brand of the top gaps, typed in Chinese
    assert "执行摘要" not in text
    used = fonts(reader)
    assert used.get("/STSong-Light") == "/UniGB-UCS2-H"
    assert "/Helvetica" in used


def test_the_figures_a_reader_looks_for_are_in_the_pdf(app):
    _, text = read(render(app, make_figures(), "en", [make_previous(), make_figures()]))

    assert squeeze("up 4.2 points from October 2026") in text
    assert squeeze("Renew US 5123456 (KANGDA) within its grace period, by 2026-12-02") in text
    assert squeeze("2026-12-02 overdue") in text  # the overdue deadline is marked
    assert squeeze("Domestic (China)") in text  # the CN gap is shown as domestic
    assert squeeze("All markets 142 91 64.1%") in text  # seed task 4 total
    assert squeeze("Median days from alert to takedown 12") in text  # seed task 7
    assert squeeze("Figures computed live") in text


def test_a_hostile_brand_name_renders_literally(app):
    figures = make_figures()
    figures["top_gaps"][0]["brand"] = HOSTILE
    figures["decisions"][1]["title"] = "seller <i>Evil & Co</i>"

    _, text = read(render(app, figures, "en"))

    assert squeeze(HOSTILE) in text
    assert squeeze("seller <i>Evil & Co</i>") in text


def test_a_large_portfolio_stays_within_six_pages(app):
    for lang in ("en", "zh"):
        reader, text = read(render(app, large_portfolio(), lang))

        assert 2 <= len(reader.pages) <= 6, lang
    assert "另有485项未列出" in text  # 500 top gaps, 15 shown
    assert "另有285项未列出" in text  # 300 deadlines, 15 shown
    assert "另有185个市场未列出" in text  # 200 markets in seed task 4, 15 shown
    assert "另有190个市场未列出" in text  # and in seed task 5, 10 shown


def test_a_month_where_nothing_happened_still_reads_as_a_report(app):
    reader, text = read(render(app, make_quiet_month(), "en"))

    assert 2 <= len(reader.pages) <= 6
    assert squeeze("Enforcement: no alerts this month, no case opened or closed") in text
    assert squeeze("No decision is needed this month.") in text
    assert squeeze("No deadline falls due in the next 60 days.") in text


def test_the_footnote_says_where_inexact_figures_come_from(app):
    figures = make_figures(
        source="snapshot",
        snapshot={
            "frozen_at": "2026-12-01T00:05:00+00:00",
            "exact": False,
            "note": "rebuilt after the portfolio import of 2026-12-03",
        },
        gaps_basis={"previous": "2026-10-31", "exact": False, "note": ""},
    )

    _, text = read(render(app, figures, "en"))

    assert squeeze("figures: month-end snapshot") in text
    assert squeeze("Figures from the snapshot frozen on 2026-12-01") in text
    assert (
        squeeze("The snapshot is not exact: rebuilt after the portfolio import of 2026-12-03")
        in text
    )
    assert squeeze("Gaps opened and closed were rebuilt from the current portfolio") in text


@pytest.mark.parametrize(
    ("lang", "fmt"),
    [("fr", "pdf"), ("zh", "docx"), ("EN", "pdf")],
    ids=["unknown language", "unknown format", "language codes are lower case"],
)
def test_other_languages_and_formats_are_refused(app, lang, fmt):
    with app.app_context(), pytest.raises(ValueError, match="one of"):
        render_report(make_figures(), [], lang=lang, fmt=fmt)
