"""The executive summary and the decisions, written from a hand-made month of a power-tool
maker's portfolio: the five sentences name the right numbers and directions in English and
Chinese, with and without a previous month and for a month where nothing happened."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask_babel import force_locale

from monitor.reports.summary import decision_lines, summary_sentences

# market: (cells, protected, expiring, pending, lapsed, missing)
MARKETS = {
    "CN": (40, 34, 2, 1, 1, 2),
    "US": (30, 22, 1, 3, 1, 3),
    "DE": (24, 18, 2, 0, 0, 4),
    "VN": (20, 6, 0, 4, 2, 8),
    "TH": (16, 8, 0, 2, 0, 6),
    "BR": (12, 3, 0, 2, 1, 6),
}
STATUSES = ("cells", "protected", "expiring", "pending", "lapsed", "missing")


def counts(values: tuple[int, ...]) -> dict[str, Any]:
    """A by_* row from (cells, protected, expiring, pending, lapsed, missing)."""
    row: dict[str, Any] = dict(zip(STATUSES, values, strict=True))
    row["gaps"] = row["missing"] + row["lapsed"]
    row["coverage_rate"] = row["protected"] / row["cells"] if row["cells"] else None
    return row


def make_figures(
    markets: dict[str, tuple[int, ...]] | None = None, **overrides: Any
) -> dict[str, Any]:
    """November 2026 of KANGDA (康达) and LUXIN power tools, every documented key filled:
    142 cells, 91 protected (64.1%), 3 gaps opened and 9 closed, 48 new alerts, 5 decisions."""
    markets = MARKETS if markets is None else markets
    by_market = {code: counts(values) for code, values in markets.items()}
    total = counts(tuple(sum(m[i] for m in markets.values()) for i in range(6)))
    figures: dict[str, Any] = {
        "month": "2026-11",
        "as_of": "2026-11-30",
        "source": "live",
        "snapshot": None,
        **{k: total[k] for k in STATUSES},
        "coverage_rate": total["coverage_rate"],
        "gaps": total["gaps"],
        "at_risk": total["expiring"] + total["pending"],
        "gaps_opened": 3,
        "gaps_closed": 9,
        "gaps_basis": {"previous": "2026-10-31", "exact": True, "note": ""},
        "by_market": by_market,
        "by_brand": {
            "KANGDA": counts((100, 66, 4, 8, 4, 18)),
            "LUXIN": counts((42, 25, 1, 4, 1, 11)),
        },
        "by_class": {"7": counts((80, 55, 3, 6, 2, 14)), "8": counts((62, 36, 2, 6, 3, 15))},
        "by_region": {"ASEAN": counts((36, 14, 0, 6, 2, 14))},
        "branded_products": 40,
        "branded_products_without_live_patent": 6,
        "patents_per_branded_product": 1.8,
        "patents_by_market": {
            "CN": {"branded_products": 40, "without_live_patent": 2, "share_without": 0.05},
            "US": {"branded_products": 25, "without_live_patent": 4, "share_without": 0.16},
            "VN": {"branded_products": 12, "without_live_patent": 6, "share_without": 0.5},
        },
        "alerts_new": 48,
        "alerts_triaged": 40,
        "alerts_dismissed": 32,
        "alerts_dismissed_not_similar": 30,
        "false_alarm_rate": 0.75,
        "alerts_escalated": 6,
        "alerts_open": 8,
        "alerts_by_kind": {"listing": 41, "filing": 7},
        "cases_opened": 3,
        "cases_closed": 2,
        "cases_open": 5,
        "cases_by_route": {
            "platform_complaint": {
                "opened": 2,
                "closed": 1,
                "open": 3,
                "stages": {"complaint_filed": 1, "counter_notice": 1, "taken_down": 1},
            },
            "cease_and_desist": {"opened": 1, "closed": 1, "open": 1, "stages": {"no_response": 1}},
            "opposition": {"opened": 0, "closed": 0, "open": 1, "stages": {"filed": 1}},
        },
        "takedowns": 25,
        "takedown_days_median": 12,
        "deadlines_next_60_days": 5,
        "deadlines_by_area": {"trademark": 2, "patent": 2, "case": 1},
        "deadlines": [
            _deadline("trademark", "grace", "2026-12-02", "US 5123456", "KANGDA", overdue=True),
            _deadline("trademark", "renewal", "2026-12-15", "CN 16543210", "KANGDA"),
            _deadline(
                "case",
                "counter_notice_lift",
                "2026-12-20",
                "seller Shenzhen Yida",
                "KANGDA",
                case_id=4,
            ),
            _deadline("patent", "annuity", "2026-12-31", "CN202310001234.5", "KANGDA"),
            _deadline("patent", "national_phase", "2027-01-20", "PCT/CN2025/012345", "LUXIN"),
        ],
        "top_gaps": [
            _gap("KANGDA", "VN", "ASEAN", 8, "missing", 6, ["P-DRILL", "P-SAW", "P-GRINDER"]),
            _gap("KANGDA", "TH", "ASEAN", 7, "missing", 5, ["P-DRILL", "P-GRINDER"]),
            _gap("LUXIN", "BR", "MERCOSUR", 9, "missing", 4, ["P-LASER"]),
            _gap("康达", "DE", "EU", 7, "missing", 3, ["P-DRILL"]),
            _gap("KANGDA", "CN", "CN", 9, "lapsed", 1, ["P-LASER"]),
        ],
        "decisions": [
            {
                "kind": "renew",
                "right": "US 5123456",
                "brand": "KANGDA",
                "due": "2026-12-02",
                "grace": True,
            },
            {
                "kind": "case",
                "case_id": 4,
                "title": "seller Shenzhen Yida",
                "route": "platform_complaint",
                "stage": "counter_notice",
                "due": "2026-12-20",
                "next": ["suit_filed", "lifted"],
            },
            {
                "kind": "oppose",
                "alert_id": 17,
                "mark": "KANGDAA",
                "office": "CN",
                "application_no": "78123456",
                "due": "2026-12-30",
            },
            {
                "kind": "file",
                "brand": "KANGDA",
                "market": "VN",
                "nice_class": 8,
                "products": 3,
                "cells": 6,
                "route": "madrid",
                "office": "VN",
            },
            {
                "kind": "patent",
                "patent": "CN202310001234.5",
                "deadline": "annuity",
                "due": "2026-12-31",
            },
        ],
    }
    figures.update(overrides)
    return figures


def make_previous(**overrides: Any) -> dict[str, Any]:
    """October 2026, scalar keys only: 85 of 142 cells protected (59.9%), 3 lapsed, 20 at risk."""
    previous = {
        "month": "2026-10",
        "cells": 142,
        "protected": 85,
        "coverage_rate": 85 / 142,
        "lapsed": 3,
        "missing": 32,
        "gaps": 35,
        "at_risk": 20,
        "alerts_new": 30,
        "takedowns": 12,
    }
    previous.update(overrides)
    return previous


def make_quiet_month() -> dict[str, Any]:
    """A month where nothing happened and nothing is known: no cells, alerts, cases or decisions."""
    zero = make_figures(markets={})
    for key, value in list(zero.items()):
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            zero[key] = 0
        elif isinstance(value, list):
            zero[key] = []
        elif isinstance(value, dict) and key not in ("gaps_basis",):
            zero[key] = {}
    zero.update(
        coverage_rate=None,
        false_alarm_rate=None,
        takedown_days_median=None,
        patents_per_branded_product=None,
    )
    return zero


def _deadline(
    area: str,
    kind: str,
    due: str,
    subject: str,
    brand: str,
    *,
    overdue: bool = False,
    case_id: int | None = None,
) -> dict[str, Any]:
    return {
        "area": area,
        "kind": kind,
        "due": due,
        "overdue": overdue,
        "subject": subject,
        "brand": brand,
        "case_id": case_id,
    }


def _gap(
    brand: str,
    market: str,
    region: str | None,
    nice_class: int,
    status: str,
    cells: int,
    products: list[str],
) -> dict[str, Any]:
    return {
        "brand": brand,
        "market": market,
        "region": region,
        "nice_class": nice_class,
        "status": status,
        "cells": cells,
        "products": products,
    }


@pytest.fixture
def in_locale(app):  # type: ignore[no-untyped-def]
    """Run a function in the app context with the UI language forced to `lang`."""

    def run(lang: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        with app.app_context(), force_locale(lang):
            return fn(*args, **kwargs)

    return run


def test_five_sentences_name_the_numbers_and_directions_against_last_month(in_locale):
    sentences = in_locale("en", summary_sentences, make_figures(), make_previous())

    assert len(sentences) == 5
    protection, improved, worse, enforcement, decisions = sentences
    assert "64.1%" in protection and "91 of 142" in protection
    assert "up 4.2 points from October 2026" in protection
    assert "9 gaps were closed" in improved
    assert "6 more cells are protected than in October 2026" in improved
    assert "cells at risk fell from 20 to 17" in improved
    assert "3 new gaps opened" in worse
    assert "lapsed cells rose from 3 to 5" in worse
    assert "17 cells are at risk" in worse
    assert "5 deadlines fall due in the next 60 days, 1 of them overdue" in worse
    assert "48 new alerts" in enforcement
    assert (
        "40 triaged: 30 dismissed as not similar (75% false alarms) and 6 escalated" in enforcement
    )
    assert "3 cases opened and 2 closed, 5 open" in enforcement
    assert "25 listings taken down, a median of 12 days from alert to takedown" in enforcement
    assert decisions.startswith("5 decisions are waiting; the most urgent:")
    assert "renew US 5123456 by 2026-12-02" in decisions
    assert "decide on case #4 by 2026-12-20" in decisions
    assert "oppose 'KANGDAA' by 2026-12-30" in decisions
    assert "file KANGDA" not in decisions  # the fourth decision is not among the three named


def test_the_sentences_in_chinese_come_from_the_catalog(in_locale):
    sentences = in_locale("zh", summary_sentences, make_figures(), make_previous())

    protection, improved, worse, enforcement, decisions = sentences
    assert protection.startswith("专利产品的商标覆盖率为 64.1%")
    assert "较2026年10月上升 4.2 个百分点" in protection
    assert "补上缺口 9 个" in improved
    assert "新增缺口 3 个" in worse and "其中 1 个已逾期" in worse
    assert "新增告警 48 条" in enforcement and "误报率 75%" in enforcement
    assert "下架链接 25 条" in enforcement
    assert decisions.startswith("共有 5 项待决事项")
    assert not any(word in "".join(sentences) for word in ("alerts", "gaps", "decision"))


def test_a_worse_month_says_down_and_nothing_improved(in_locale):
    figures = make_figures(gaps_closed=0, gaps_opened=7)
    previous = make_previous(protected=100, coverage_rate=100 / 142, at_risk=10)

    protection, improved, worse, _, _ = in_locale("en", summary_sentences, figures, previous)

    assert "down 6.3 points from October 2026" in protection
    assert improved == (
        "Nothing improved this month: no gap was closed and no more cells are protected than "
        "in October 2026."
    )
    assert "7 new gaps opened" in worse


def test_without_a_previous_month_there_is_no_trend(in_locale):
    protection, improved, worse, _, _ = in_locale("en", summary_sentences, make_figures(), None)

    assert "with no earlier month to compare with" in protection
    assert not any(word in protection for word in (" up ", " down ", "unchanged"))
    assert improved == "Improved: 9 gaps were closed."
    assert "5 cells are lapsed" in worse  # no "rose from": nothing to compare with


def test_the_market_that_moved_most_is_named(in_locale):
    previous = make_previous(
        by_market={
            "VN": counts((20, 2, 0, 0, 0, 18)),  # 10% -> 30%
            "DE": counts((24, 22, 0, 0, 0, 2)),  # 91.7% -> 75%
            "CN": counts((40, 34, 2, 1, 1, 2)),  # unchanged
        }
    )

    _, improved, worse, _, _ = in_locale("en", summary_sentences, make_figures(), previous)

    assert "coverage rose most in Vietnam (+20 points)" in improved
    assert "coverage fell most in Germany (−16.7 points)" in worse


def test_a_month_where_nothing_happened_says_so_plainly(in_locale):
    sentences = in_locale("en", summary_sentences, make_quiet_month(), None)

    assert sentences == [
        "No patented product is in the coverage matrix yet, so there is no trademark coverage "
        "rate to report.",
        "Nothing improved this month: no gap was closed.",
        "Nothing got worse: no new gap, no lapsed or at-risk cell and no deadline in the next "
        "60 days.",
        "Enforcement: no alerts this month, no case opened or closed and no listing taken down.",
        "No decision is needed this month.",
    ]
    zh = in_locale("zh", summary_sentences, make_quiet_month(), None)
    assert zh[3] == "维权：本月无告警，无新立案或结案，无链接下架。"
    assert zh[4] == "本月无待决事项。"


def test_alerts_without_triage_and_open_cases_are_reported_honestly(in_locale):
    figures = make_quiet_month()
    figures.update(alerts_new=4, cases_open=2)

    enforcement = in_locale("en", summary_sentences, figures, None)[3]

    assert enforcement == (
        "Enforcement: 4 new alerts; none triaged yet; no case opened or closed (2 open); "
        "no listing taken down."
    )


def test_the_top_three_decisions_are_the_most_urgent_worded_as_actions(in_locale):
    lines = in_locale("en", decision_lines, make_figures())

    assert lines == [
        "Renew US 5123456 (KANGDA) within its grace period, by 2026-12-02",
        "Decide on case #4 (seller Shenzhen Yida, platform complaint): a counter-notice came in; "
        "sue or let the takedown be lifted by 2026-12-20",
        "Oppose 'KANGDAA' (CN 78123456) by 2026-12-30",
    ]
    zh = in_locale("zh", decision_lines, make_figures())
    assert zh == [
        "在宽展期内续展 US 5123456（KANGDA），截止 2026-12-02",
        "就案件 #4（seller Shenzhen Yida，平台投诉）作出决定：对方已提交反通知；"
        "起诉，或任由下架被撤销，截止 2026-12-20",
        "对“KANGDAA”（CN 78123456）提出异议，截止 2026-12-30",
    ]


def test_filing_and_patent_decisions_say_where_why_and_by_when(in_locale):
    figures = make_figures()
    later = figures["decisions"][3:]  # file in Vietnam, pay an annuity

    lines = in_locale("en", decision_lines, {**figures, "decisions": later}, limit=5)

    assert lines == [
        "File in Vietnam for class 8 (KANGDA, 3 products) — no trademark there yet; "
        "through the Madrid system",
        "Pay the annuity of CN202310001234.5 by 2026-12-31",
    ]
    zh = in_locale("zh", decision_lines, {**figures, "decisions": later}, limit=5)
    assert zh[0] == "在越南申请第 8 类商标（KANGDA，3 个产品） — 当地尚无商标；经马德里体系提交"
    assert zh[1] == "缴纳 CN202310001234.5 的年费，截止 2026-12-31"


def test_a_filing_over_several_markets_names_three_and_counts_the_rest(in_locale):
    decision = {
        "kind": "file",
        "brand": "LUXIN",
        "markets": ["TH", "VN", "MY", "ID", "PH"],
        "classes": [7, 9],
        "products": 1,
        "route": "regional",
        "office": "EM",
        "due": None,
    }

    (line,) = in_locale("en", decision_lines, {"decisions": [decision]})

    assert line == (
        "File in Thailand, Vietnam, Malaysia, 2 more for classes 7, 9 (LUXIN, 1 product); "
        "through a regional filing at European Union (EUIPO)"
    )


def test_limit_and_an_empty_list(in_locale):
    assert in_locale("en", decision_lines, make_figures(), limit=1) == [
        "Renew US 5123456 (KANGDA) within its grace period, by 2026-12-02"
    ]
    assert in_locale("en", decision_lines, make_quiet_month()) == []


def test_the_figures_are_not_changed(in_locale):
    figures = make_figures()
    before = copy.deepcopy(figures)

    in_locale("en", summary_sentences, figures, make_previous())
    in_locale("zh", decision_lines, figures)

    assert figures == before


def test_the_summary_names_a_filing_over_many_markets_by_its_first_and_a_count(in_locale):
    decision = {
        "kind": "file",
        "brand": "VOLTBEE",
        "markets": ["AT", "BE", "BG"],
        "classes": [7, 9],
    }
    figures = make_figures(decisions=[decision])

    last = in_locale("en", summary_sentences, figures, None)[4]

    assert last == "1 decision needed: file VOLTBEE in Austria and 2 more markets for classes 7, 9."
    zh = in_locale("zh", summary_sentences, figures, None)[4]
    assert zh == "待决事项 1 项：在奥地利及另外 2 个市场为 VOLTBEE 申请第 7, 9 类商标。"
