"""Monthly snapshots: a frozen month's figures (and so its report) do not change when the
portfolio is edited later; a month rebuilt after such an edit says that it is not exact."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.monitor.reports.november import (
    build_enforcement,
    build_portfolio,
    edit_portfolio,
    file_in_november,
)


def run(runner, *args: str) -> Any:
    result = runner.invoke(args=["report", *args])
    assert result.exit_code == 0, result.output
    return result.output


def figures(runner, month: str) -> dict[str, Any]:
    return json.loads(run(runner, "figures", "--month", month))


@pytest.fixture
def november(session, runner) -> None:
    portfolio = build_portfolio(session)
    run(runner, "snapshot", "--month", "2026-10", "--as-of", "2026-11-01")
    file_in_november(session)
    build_enforcement(session, portfolio)


def test_a_frozen_month_does_not_change_after_a_later_portfolio_edit(runner, session, november):
    assert "froze 2026-11" in run(runner, "snapshot", "--month", "2026-11", "--as-of", "2026-12-01")
    before = figures(runner, "2026-11")
    edit_portfolio(session)  # VN 12 registered: one gap fewer from now on
    after = figures(runner, "2026-11")
    assert after["source"] == "snapshot" and after["snapshot"]["exact"] is True
    assert {k: v for k, v in after.items() if k not in {"source", "snapshot"}} == {
        k: v for k, v in before.items() if k not in {"source", "snapshot"}
    }
    assert after["missing"] == 1
    # the live figures of the month to date do see the edit
    december = json.loads(run(runner, "figures", "--month", "2026-12", "--as-of", "2026-12-05"))
    assert december["missing"] == 0 and december["source"] == "live"


def test_freezing_again_keeps_the_first_snapshot_unless_rebuilt(runner, session, november):
    run(runner, "snapshot", "--month", "2026-11", "--as-of", "2026-12-01")
    edit_portfolio(session)
    kept = run(runner, "snapshot", "--month", "2026-11", "--as-of", "2026-12-02")
    assert "is kept" in kept and "--rebuild" in kept
    assert figures(runner, "2026-11")["missing"] == 1
    rebuilt = run(runner, "snapshot", "--month", "2026-11", "--rebuild", "--as-of", "2026-12-02")
    assert "note: rebuilt after the month ended" in rebuilt
    now = figures(runner, "2026-11")
    assert now["missing"] == 0
    assert now["snapshot"]["exact"] is False
    assert "portfolio changed on" in now["snapshot"]["note"]


def test_a_month_not_ended_cannot_be_frozen(runner, november):
    result = runner.invoke(
        args=["report", "snapshot", "--month", "2026-12", "--as-of", "2026-12-05"]
    )
    assert result.exit_code != 0
    assert "has not ended" in result.output and "2027-01-01" in result.output


def test_a_month_frozen_before_any_later_edit_is_exact(runner, november):
    out = run(runner, "snapshot", "--month", "2026-11", "--as-of", "2026-12-01")
    assert "note:" not in out
    assert figures(runner, "2026-11")["snapshot"]["exact"] is True


def test_the_next_month_measures_gaps_against_the_frozen_month(runner, session, november):
    run(runner, "snapshot", "--month", "2026-11", "--as-of", "2026-12-01")
    edit_portfolio(session)
    december = json.loads(run(runner, "figures", "--month", "2026-12", "--as-of", "2026-12-05"))
    assert december["gaps_closed"] == 1  # VN 12
    assert december["gaps_basis"]["previous"] == "2026-11-30"
