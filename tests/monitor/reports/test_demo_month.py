"""The demo's last month: a fresh `ipwatch demo` has a month to report on — a month of watching
the demo marketplace, triaged, with cases and takedowns — frozen, and its reports kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.reports.months import Month
from monitor.reports.store import list_reports


def test_a_fresh_demo_has_last_month_to_report_on(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    today = dt.datetime.now(ZoneInfo(app.config["TIMEZONE"])).date()
    month = str(Month.of(today).previous())
    result = runner.invoke(args=["report", "figures", "--month", month])
    figures = json.loads(result.output)
    assert figures["source"] == "snapshot" and figures["snapshot"]["exact"] is True
    assert figures["cells"] == 415  # the demo portfolio, as data/demo/README.md describes it
    assert figures["alerts_new"] > 0 and figures["alerts_dismissed_not_similar"] > 0
    assert figures["alerts_triaged"] == figures["alerts_new"]  # legal kept up that month
    assert figures["cases_opened"] >= 4 and figures["cases_closed"] >= 1
    assert figures["takedowns"] > 0 and figures["takedown_days_median"] is not None
    waiting = [d for d in figures["decisions"] if d["kind"] == "case"]
    assert {d["stage"] for d in waiting} == {"counter_notice", "no_response"}
    kept = list_reports(Path(app.config["INSTANCE_DIR"]))
    assert {(r.month, r.lang, r.fmt) for r in kept} == {
        (month, lang, fmt) for lang in ("zh", "en") for fmt in ("pdf", "html")
    }
