"""`ipwatch crawl NAME` against a real site this test serves: alerts with evidence, no second alert
on a re-crawl, listings that disappear marked gone, a broken site counted but never fatal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import select

from infringement.models import CrawlRun, Evidence, Observation, RunStatus
from tests.factories import make_trademark
from tests.monitor.monitoring.site import FAST, SOURCE, Market, serve

SETTINGS = [arg for setting in FAST for arg in ("--set", setting)]


@pytest.fixture
def market(app, session):
    make_trademark(session, mark_text="KANGDA", nice_classes=[7])
    session.commit()
    shop = Market()
    shop.listings = {
        1: ("KANGDAA 角磨机 angle grinder", "¥199", "低价工具店"),
        2: ("Garden hose 20 m", "¥35", "花园店"),
    }
    with serve(shop) as host:
        folder = Path(app.config["SOURCES_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "test-market.yaml").write_text(SOURCE.format(name="test-market", host=host))
        yield shop


def crawl(runner, *extra: str):
    result = runner.invoke(args=["crawl", "test-market", *SETTINGS, *extra])
    if result.exception and not isinstance(result.exception, SystemExit):
        import traceback

        traceback.print_exception(result.exception)
    return result


def alerts_json(runner) -> list[dict]:
    result = runner.invoke(args=["alerts", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_crawl_raises_an_alert_with_its_evidence_and_a_recrawl_raises_none(
    app, runner, session, market
):
    result = crawl(runner)
    assert result.exit_code == 0, result.output
    assert "finished" in result.output
    [alert] = alerts_json(runner)
    assert alert["kind"] == "listing" and alert["source"] == "test-market"
    assert alert["observed_text"] == "KANGDAA 角磨机 angle grinder"
    assert alert["url"].endswith("/item/1") and alert["status"] == "new"
    assert alert["watched_mark"] == "KANGDA" and alert["score"] >= 70 and alert["reasons"]
    evidence = session.exec(select(Evidence)).all()
    assert {e.kind for e in evidence} >= {"page", "picture"}
    store = Path(app.config["INSTANCE_DIR"]) / "evidence"
    for row in evidence:
        assert (store / row.sha256[:2] / row.sha256).is_file()
    verified = runner.invoke(args=["evidence", "verify"])
    assert verified.exit_code == 0, verified.output

    market.listings[1] = ("KANGDAA 角磨机 angle grinder", "¥149", "低价工具店")
    assert crawl(runner).exit_code == 0
    [again] = alerts_json(runner)
    assert again["id"] == alert["id"] and again["last_seen"] > alert["last_seen"]
    session.expire_all()
    observation = session.exec(
        select(Observation).where(Observation.text.contains("KANGDAA"))
    ).one()
    assert observation.price == "¥149" and observation.version == 2
    runs = session.exec(select(CrawlRun).order_by(CrawlRun.id)).all()
    assert [r.alerts_new for r in runs] == [1, 0]


def test_a_listing_taken_down_is_marked_gone_but_not_when_the_site_fails(runner, session, market):
    assert crawl(runner).exit_code == 0
    market.broken = True
    result = crawl(runner)
    assert result.exit_code == 0, result.output  # the crawl ran; its failure is on its record
    session.expire_all()
    failed = session.exec(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
    assert failed.status == RunStatus.FINISHED and failed.failures >= 1
    assert any(f["kind"] == "http_500" for f in failed.failed)
    assert failed.gone == 0  # a failing site says nothing about what is still listed
    market.broken = False
    del market.listings[1]
    assert crawl(runner).exit_code == 0
    session.expire_all()
    gone = session.exec(select(Observation).where(Observation.text.contains("KANGDAA"))).one()
    assert gone.gone_at is not None
    [alert] = alerts_json(runner)
    assert alert["gone_at"] is not None


def test_an_unknown_source_cannot_run(runner):
    result = runner.invoke(args=["crawl", "no-such-source"])
    assert result.exit_code != 0
    assert "no source called 'no-such-source'" in result.output


def test_a_source_that_is_already_running_is_refused(app, runner, market):
    from monitor.db import get_engine
    from monitor.monitoring.locks import run_lock

    with (
        app.app_context(),
        run_lock(get_engine(), "source:test-market", ttl=dt.timedelta(minutes=1)),
    ):
        result = crawl(runner)
    assert result.exit_code != 0 and "already running" in result.output


def test_a_refused_source_file_names_its_field_and_the_others_still_run(app, runner, market):
    folder = Path(app.config["SOURCES_DIR"])
    (folder / "broken.yaml").write_text("name: broken\nkind: marketplace\nlist: {item: 'div'}\n")
    listed = runner.invoke(args=["sources", "list", "--format", "json"])
    assert listed.exit_code == 0
    assert "test-market" in listed.output and "broken.yaml" in listed.output
    assert "list.fields" in listed.output  # the field, with the reason
    assert crawl(runner).exit_code == 0


def test_evidence_verify_names_a_file_changed_on_disk(app, runner, session, market):
    assert crawl(runner).exit_code == 0
    picture = session.exec(select(Evidence).where(Evidence.kind == "picture")).first()
    path = Path(app.config["INSTANCE_DIR"]) / "evidence" / picture.sha256[:2] / picture.sha256
    path.chmod(0o644)
    path.write_bytes(b"not what was captured")
    result = runner.invoke(args=["evidence", "verify"])
    assert result.exit_code != 0
    assert picture.sha256 in result.output and "do not match" in result.output
