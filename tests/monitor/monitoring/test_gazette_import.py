"""`ipwatch gazette import FILE`: every record stored and matched, filings with their opposition
deadline and days left, and a broken file imports nothing while keeping what was there."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import select

from infringement.models import Alert, CrawlRun, Observation, RunStatus
from tests.factories import make_trademark

FILES = Path(__file__).resolve().parents[2] / "files" / "gazettes"


def _tianmu(session) -> None:
    make_trademark(session, brand="TIANMU", mark_text="天目", nice_classes=[11, 21])
    session.commit()


def alerts(runner, *args: str) -> list[dict]:
    result = runner.invoke(args=["alerts", "list", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_cnipa_gazette_raises_filing_alerts_with_the_opposition_deadline(runner, session):
    _tianmu(session)
    result = runner.invoke(args=["gazette", "import", str(FILES / "cnipa.json")])
    assert result.exit_code == 0, result.output
    assert len(session.exec(select(Observation)).all()) == 3  # every record, whatever its status
    found = alerts(runner, "--as-of", "2024-03-01")
    by_text = {a["observed_text"]: a for a in found}
    same = by_text["天目"]
    assert same["kind"] == "filing" and same["office"] == "CN" and same["score"] >= 90
    assert same["application_no"] == "71234567"
    assert same["applicant"] == "义乌市天目电器有限公司" and same["filing_status"]
    # published 2024-02-27: three months end 2024-05-27, a Monday
    assert same["opposition_deadline"] == "2024-05-27"
    assert same["days_left"] == 87 and same["opposition_passed"] is False
    later = {a["observed_text"]: a for a in alerts(runner, "--as-of", "2024-06-01")}
    assert later["天目"]["opposition_passed"] is True


def test_importing_the_same_gazette_twice_raises_no_second_alert(runner, session):
    _tianmu(session)
    for _ in range(2):
        assert runner.invoke(args=["gazette", "import", str(FILES / "cnipa.json")]).exit_code == 0
    ids = [a["id"] for a in alerts(runner)]
    assert len(ids) == len(set(ids)) and len(session.exec(select(Alert)).all()) == len(ids)


def test_a_truncated_file_imports_nothing_and_keeps_what_was_stored(runner, session, tmp_path):
    _tianmu(session)
    assert runner.invoke(args=["gazette", "import", str(FILES / "cnipa.json")]).exit_code == 0
    before = len(session.exec(select(Observation)).all())
    text = (FILES / "st66.xml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    result = runner.invoke(args=["gazette", "import", str(broken), "--format", "st66"])
    assert result.exit_code != 0
    assert "nothing imported" in result.output and "broken.xml" in result.output
    session.expire_all()
    assert len(session.exec(select(Observation)).all()) == before
    run = session.exec(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
    assert run.status == RunStatus.FAILED and run.items == 0 and run.failed


def test_an_entity_bomb_is_refused(runner, session, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<Transaction xmlns="http://www.wipo.int/standards/XMLSchema/trademarks"><x>&b;</x></Transaction>'
    )
    result = runner.invoke(args=["gazette", "import", str(bomb), "--format", "st66"])
    assert result.exit_code != 0 and "bomb.xml" in result.output
    assert session.exec(select(Observation)).all() == []


def test_a_missing_file_is_named(runner):
    result = runner.invoke(args=["gazette", "import", "/no/such/gazette.xml"])
    assert result.exit_code != 0 and "/no/such/gazette.xml" in result.output


@pytest.fixture
def gazette_site():
    """The test gazettes served over HTTP on 127.0.0.1."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(FILES))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _gazette_source(app, name: str, url: str) -> None:
    folder = Path(app.config["SOURCES_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(f"name: {name}\nkind: gazette\nurl: {url}\n")


def test_a_gazette_source_with_a_url_is_fetched_and_imported(app, runner, session, gazette_site):
    _tianmu(session)
    _gazette_source(app, "cn-gazette", f"http://{gazette_site}/cnipa.json")
    result = runner.invoke(args=["crawl", "cn-gazette"])
    assert result.exit_code == 0, result.output
    run = session.exec(select(CrawlRun)).one()
    assert run.kind == "gazette" and run.items == 3 and run.alerts_new >= 1
    assert {a["source"] for a in alerts(runner)} == {"cn-gazette"}


def test_a_gazette_url_that_answers_404_cannot_run(app, runner, session, gazette_site):
    _gazette_source(app, "gone-gazette", f"http://{gazette_site}/no-such-file.json")
    result = runner.invoke(args=["crawl", "gone-gazette"])
    assert result.exit_code != 0 and "no-such-file.json" in result.output
    run = session.exec(select(CrawlRun)).one()
    assert run.status == RunStatus.FAILED and "404" in run.message
