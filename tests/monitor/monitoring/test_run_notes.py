"""A run's note (how it ended) is stored as a code with its parameters and worded on the run page
in the reader's language; notes stored in English before the codes still read in Chinese."""

from __future__ import annotations

import pytest

from infringement.models import CrawlRun, RunStatus
from monitor.monitoring.run_notes import (
    DEMO_HISTORY,
    EXIT_CODE,
    GAZETTE_SUMMARY,
    NOTHING_IMPORTED,
    describe,
    note,
)

ZH = {"Accept-Language": "zh-CN"}


def _run(session, message: str | None, **counts: int) -> int:
    run = CrawlRun(source="demo", kind="gazette", status=RunStatus.FINISHED, message=message)
    for name, value in counts.items():
        setattr(run, name, value)
    session.add(run)
    session.commit()
    assert run.id is not None
    return run.id


def _message(client, run_id: int, headers: dict[str, str]) -> str:
    html = client.get(f"/monitoring/runs/{run_id}", headers=headers).get_data(as_text=True)
    start = html.index('data-testid="run-message">') + len('data-testid="run-message">')
    return html[start : html.index("</dd>", start)]


@pytest.mark.parametrize(
    ("message", "chinese", "english"),
    [
        pytest.param(
            note(GAZETTE_SUMMARY),
            "15 条记录，其中 15 条新记录，新告警 23 条",
            "15 records, 15 new, 23 new alerts",
            id="a-gazette-summary-from-the-counts",
        ),
        pytest.param(
            "15 records, 15 new, 23 new alerts",
            "15 条记录，其中 15 条新记录，新告警 23 条",
            "15 records, 15 new, 23 new alerts",
            id="an-old-english-summary-worded-again",
        ),
        pytest.param(
            note(DEMO_HISTORY),
            "15 条商品信息（演示历史）",
            "15 listings (demo history)",
            id="the-demo-history",
        ),
        pytest.param(
            note(NOTHING_IMPORTED, "broken.xml: unexpected end of file"),
            "未导入任何内容： <code>broken.xml: unexpected end of file</code>",
            "nothing imported: <code>broken.xml: unexpected end of file</code>",
            id="a-failure-with-its-technical-detail-as-code",
        ),
        pytest.param(
            "the crawl process exited with code 3; see crawls/run-9.web.log",
            "抓取进程以代码 3 退出；日志： <code>crawls/run-9.web.log</code>",
            "the crawl process exited with code 3; its log: <code>crawls/run-9.web.log</code>",
            id="an-old-failure-line-worded-again",
        ),
        pytest.param(
            "something an older version said",
            "something an older version said",
            "something an older version said",
            id="an-unknown-old-text-as-stored",
        ),
    ],
)
def test_the_run_page_words_the_note_in_the_readers_language(
    client, login, session, message, chinese, english
):
    login("legal")
    run_id = _run(session, message, items=15, observations_new=15, alerts_new=23)
    assert _message(client, run_id, ZH) == chinese
    assert _message(client, run_id, {"Accept-Language": "en"}) == english


def test_the_command_line_says_the_note_in_english_on_one_line(session):
    run = CrawlRun(source="x", kind="crawl", message=note(EXIT_CODE, "crawls/run-4.log", code=2))
    assert str(describe(run)) == "the crawl process exited with code 2; its log: crawls/run-4.log"
    assert describe(CrawlRun(source="x", kind="crawl")) is None
