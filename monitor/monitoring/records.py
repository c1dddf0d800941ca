"""Run records and the instance's folders: where crawls, gazettes and evidence are kept."""

from __future__ import annotations

import os

from sqlmodel import Session

from crawlers.evidence import EvidenceStore
from infringement.models import CrawlRun, RunStatus, utc_now
from monitor.db import instance_dir


def evidence_store() -> EvidenceStore:
    """The write-once, content-addressed store of pages, pictures and gazette records."""
    return EvidenceStore(instance_dir() / "evidence")


def start_run(
    session: Session, source: str, *, kind: str, trigger: str, user: str | None
) -> CrawlRun:
    """Record a run that starts now (committed, so that pages show it at once)."""
    run = CrawlRun(source=source, kind=kind, trigger=trigger, user=user, pid=os.getpid())
    session.add(run)
    session.commit()
    return run


def finish_run(
    session: Session, run: CrawlRun, status: RunStatus, message: str | None = None
) -> None:
    run.status, run.ended_at, run.message = status, utc_now(), message
    session.add(run)
    session.commit()
