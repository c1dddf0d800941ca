"""Run one source now: a crawl in a child process (or a gazette file), ingested as it arrives.

`run_source` is what `ipwatch crawl NAME`, the scheduler and "run now" all end in. It takes the
source's lock, keeps a `CrawlRun` record up to date, starts the Scrapy crawl as a child process
(`python -m crawlers.run`; never the Twisted reactor in this process), reads the items the
child writes while it runs and ingests them batch by batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from flask import Flask, current_app
from sqlmodel import Session

from crawlers.sources import GazetteSource, MarketplaceSource, Source
from infringement.goods_words import GoodsKeywords, load_goods_keywords
from infringement.models import CrawlRun, RunStatus, utc_now
from infringement.observations import mark_gone
from monitor.db import get_engine, get_writer_engine, instance_dir
from monitor.monitoring.gazettes import GazetteRefused, fetch_gazette, ingest_gazette
from monitor.monitoring.ingest import Ingestion
from monitor.monitoring.locks import Busy, run_lock
from monitor.monitoring.records import evidence_store, finish_run, start_run
from monitor.monitoring.run_notes import BUSY, CRAWL_SUMMARY, FAILED, NO_LIVE_MARKS, note
from monitor.monitoring.sources import find_source
from monitor.monitoring.watching import DATA, load_watch

FAILED_KEPT = 200
"""Failures kept by name on a run record (all are counted)."""


def _page_failures(summary: dict[str, Any], pictures: set[str]) -> list[dict[str, Any]]:
    """The failures of pages (not of pictures): with any, a crawl cannot tell what is gone."""
    return [
        f
        for f in summary.get("failed") or []
        if not str(f.get("reason", "")).startswith("picture:") and f.get("url") not in pictures
    ]


class CannotRun(Exception):
    """The source could not be run at all (unknown, refused, already running, crawler failed)."""


def goods_table() -> GoodsKeywords:
    return load_goods_keywords(DATA / "goods_keywords.csv")


def child_env(app: Flask) -> dict[str, str]:
    """The environment of a child `ipwatch`: this app's settings as IPWATCH_* variables."""
    env = dict(os.environ)
    for key in (
        "DATABASE_URL",
        "INSTANCE_DIR",
        "SOURCES_DIR",
        "DEMO_DIR",
        "SECRET_KEY",
        "REDIS_URL",
        "TIMEZONE",
        "CRAWL_SETTINGS",
        "CRAWL_TIMEOUT_MIN",
    ):
        value = app.config.get(key)
        if value:
            env[f"IPWATCH_{key}"] = str(value)
    return env


def queries_for(session: Session) -> list[str]:
    """The search queries of a marketplace crawl: every watched text and alias, once each."""
    plan = load_watch(session).plan
    texts = [g.text for g in plan.groups.values()]
    texts += [alias for aliases in plan.aliases.values() for alias in aliases]
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))


def run_source(
    name: str,
    *,
    trigger: str = "cli",
    user: str | None = None,
    run_id: int | None = None,
    overrides: Sequence[str] = (),
) -> CrawlRun:
    """Run the source called `name` now; return its finished run record.

    `run_id`: a run record made by whoever asked (the "run now" button) to carry on. Raises
    CannotRun when the source cannot run; failures of a run that did run are on its record.
    """
    session = Session(get_writer_engine(), expire_on_commit=False)
    run = session.get(CrawlRun, run_id) if run_id is not None else None
    session.commit()  # end the (write-locking) transaction of that read before the run lock
    try:
        source = find_source(name)
    except LookupError as exc:
        if run is not None:
            finish_run(session, run, RunStatus.FAILED, note(FAILED, exc))
        raise CannotRun(str(exc)) from None
    kind = "crawl" if isinstance(source, MarketplaceSource) else "gazette"
    overrides = (*str(current_app.config.get("CRAWL_SETTINGS") or "").split(), *overrides)
    timeout = dt.timedelta(minutes=int(current_app.config["CRAWL_TIMEOUT_MIN"]))
    try:
        with run_lock(get_engine(), f"source:{name}", ttl=timeout + dt.timedelta(minutes=5)):
            if run is None:
                run = start_run(session, name, kind=kind, trigger=trigger, user=user)
            try:
                _run_locked(session, run, source, timeout, overrides)
            except BaseException:
                session.rollback()  # let go of the write lock before the run lock
                raise
    except Busy:
        if run is not None:
            finish_run(session, run, RunStatus.FAILED, note(BUSY, source=name))
        raise CannotRun(f"source {name!r} is already running") from None
    except (CannotRun, GazetteRefused) as exc:
        if run is not None:
            session.rollback()
            session.refresh(run)
            if run.status == RunStatus.RUNNING:
                finish_run(session, run, RunStatus.FAILED, note(FAILED, exc))
        raise CannotRun(str(exc)) from None
    finally:
        session.close()
    return run


def _run_locked(
    session: Session,
    run: CrawlRun,
    source: Source,
    timeout: dt.timedelta,
    overrides: Sequence[str],
) -> None:
    if isinstance(source, GazetteSource):
        path = fetch_gazette(source, instance_dir() / "gazettes" / f"run-{run.id}")
        ingest_gazette(session, run, path, source=source.name, fmt=source.format)
        return
    assert isinstance(source, MarketplaceSource)
    ingestion = Ingestion(
        session, run, load_watch(session), store=evidence_store(), goods=goods_table()
    )
    queries = queries_for(session)
    if not queries:
        finish_run(session, run, RunStatus.FINISHED, note(NO_LIVE_MARKS))
        return
    summary = _crawl_child(source, queries, run, ingestion, timeout, overrides)
    _apply_summary(run, summary)
    if summary.get("complete") and not _page_failures(summary, ingestion.picture_urls):
        run.gone = mark_gone(
            session, source.name, seen_ids=ingestion.seen_ids, now=utc_now(), run_id=run.id
        )
    stopped = {"stopped": True} if summary.get("stopped") else {}
    finish_run(session, run, RunStatus.FINISHED, note(CRAWL_SUMMARY, **stopped))


def _crawl_child(
    source: MarketplaceSource,
    queries: list[str],
    run: CrawlRun,
    ingestion: Ingestion,
    timeout: dt.timedelta,
    overrides: Sequence[str],
) -> dict[str, Any]:
    """Start `python -m crawlers.run`, ingest its items while it runs; return its summary."""
    folder = instance_dir() / "crawls"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"run-{run.id}.jsonl"
    out.touch()
    args = _crawl_command(source, queries, out, overrides)
    log = (folder / f"run-{run.id}.log").open("wb")
    child = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    deadline = time.monotonic() + timeout.total_seconds()
    summary: dict[str, Any] = {}
    with out.open(encoding="utf-8") as items:
        for batch in _tail(items, child, deadline):
            listings = [i for i in batch if "summary" not in i]
            summary = next((i["summary"] for i in batch if "summary" in i), summary)
            if listings:
                ingestion.listings(listings)
    log.close()
    child.poll()
    if child.returncode is None:
        child.kill()
        child.wait()
        summary["complete"] = False
        summary["stopped"] = True  # at the time limit: said in the run's note
    elif child.returncode != 0:
        tail = (folder / f"run-{run.id}.log").read_text(errors="replace").strip()[-500:]
        raise CannotRun(f"the crawler exited with code {child.returncode}: {tail}")
    else:
        summary.setdefault("complete", bool(summary))
    return summary


def _crawl_command(
    source: MarketplaceSource, queries: list[str], out: Path, overrides: Sequence[str]
) -> list[str]:
    """The child that crawls: `crawlers.run` here, or with IPWATCH_REDIS_URL set the coordinator
    of a crawl shared by `ipwatch crawl-worker` processes (both write the same JSON lines)."""
    evidence = str(instance_dir() / "evidence")
    redis_url = str(current_app.config.get("REDIS_URL") or "")
    if redis_url:
        args = [sys.executable, "-m", "crawlers.distributed.coordinator", str(source.file)]
        args += ["--redis", redis_url, "--evidence-dir", evidence]
    else:
        args = [sys.executable, "-m", "crawlers.run", str(source.file), "--evidence", evidence]
        for setting in overrides:  # workers have their own settings in a distributed crawl
            args += ["--set", setting]
    args += ["--out", str(out)]
    for query in queries:
        args += ["--query", query]
    return args


def _tail(
    items: IO[str], child: subprocess.Popen[bytes], deadline: float
) -> Iterator[list[dict[str, Any]]]:
    """Yield the JSON lines the child has written so far, in batches, until it exits."""
    pending = ""
    while True:
        finished = child.poll() is not None
        chunk = items.read()
        pending += chunk
        lines, _, pending = pending.rpartition("\n")
        batch = [json.loads(line) for line in lines.splitlines() if line.strip()]
        if batch:
            yield batch
        if finished and not chunk:
            return
        if time.monotonic() > deadline:
            return
        if not batch:
            time.sleep(0.25)


def _apply_summary(run: CrawlRun, summary: dict[str, Any]) -> None:
    run.pages = int(summary.get("pages", 0)) + int(summary.get("detail_pages", 0))
    run.failures = int(summary.get("failures", 0))
    run.failure_kinds = dict(summary.get("failure_kinds") or {})
    run.failed = list(summary.get("failed") or [])[:FAILED_KEPT]


def child_command(*args: str) -> list[str]:
    """The command line of a child `ipwatch` with `args`, run by this Python."""
    return [sys.executable, "-c", "from monitor.cli import main; main()", *args]
