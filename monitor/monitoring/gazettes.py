"""Gazette imports: a file at hand (`ipwatch gazette import FILE`) or a gazette source's `url`.

Every record of the file is stored and screened, whatever its status. The import is all or
nothing: a file that turns out truncated or malformed half-way stores none of its records, and
its run record says where and why.
"""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session

from crawlers.gazettes import GazetteError, read_gazette
from crawlers.settings import USER_AGENT
from crawlers.sources import GazetteSource
from infringement.models import CrawlRun, RunStatus
from monitor.db import instance_dir
from monitor.monitoring.ingest import Ingestion
from monitor.monitoring.records import evidence_store, finish_run, start_run
from monitor.monitoring.run_notes import GAZETTE_SUMMARY, NOTHING_IMPORTED, note
from monitor.monitoring.watching import load_watch

MAX_GAZETTE_BYTES = 2 * 1024**3
"""Largest gazette file fetched from a URL (USPTO daily files are a few hundred MB unzipped)."""
FETCH_TIMEOUT = 120  # seconds without data before a download is abandoned


class GazetteRefused(Exception):
    """A gazette that cannot be imported: which file or URL, and why."""


def fetch_gazette(source: GazetteSource, target: Path) -> Path:
    """The source's gazette as a local file: its path, or a download of its URL into `target`."""
    url = source.url
    if not url.startswith(("http://", "https://")):
        path = Path(url)
        if not path.is_absolute():
            path = source.file.parent / path
        if not path.is_file():
            raise GazetteRefused(f"{source.file}: url: no such file {path}")
        return path
    target.mkdir(parents=True, exist_ok=True)
    name = Path(urlsplit(url).path).name or "gazette"
    path = target / name
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            size = int(response.headers.get("Content-Length") or 0)
            if size > MAX_GAZETTE_BYTES:
                raise GazetteRefused(f"{url}: {size} bytes is over the {MAX_GAZETTE_BYTES} limit")
            with path.open("wb") as out:
                copied = 0
                while chunk := response.read(1 << 20):
                    copied += len(chunk)
                    if copied > MAX_GAZETTE_BYTES:
                        raise GazetteRefused(f"{url}: larger than {MAX_GAZETTE_BYTES} bytes")
                    out.write(chunk)
    except OSError as exc:
        raise GazetteRefused(f"{url}: cannot download: {exc}") from None
    return path


def ingest_gazette(
    session: Session, run: CrawlRun, path: Path, *, source: str, fmt: str | None
) -> None:
    """Store and screen every record of the gazette at `path` in one transaction."""
    ingestion = Ingestion(
        session, run, load_watch(session), store=evidence_store(), commit_each_batch=False
    )
    try:
        ingestion.filings(read_gazette(path, fmt), source)
    except GazetteError as exc:
        session.rollback()
        fresh = session.get(CrawlRun, run.id)
        target = fresh if fresh is not None else run
        target.items = target.observations_new = target.alerts_new = target.alerts_updated = 0
        target.failures = 1
        target.failed = [{"url": str(path), "kind": "gazette", "reason": str(exc)}]
        finish_run(session, target, RunStatus.FAILED, note(NOTHING_IMPORTED, exc))
        raise GazetteRefused(str(exc)) from None
    run.pages = 1
    finish_run(session, run, RunStatus.FINISHED, note(GAZETTE_SUMMARY))


def import_gazette_file(
    session: Session,
    path: Path,
    *,
    source: str = "gazette-file",
    fmt: str | None = None,
    trigger: str = "cli",
    user: str | None = None,
) -> CrawlRun:
    """Import a gazette file at hand as a run of `source`; raise GazetteRefused when refused."""
    if not path.is_file():
        raise GazetteRefused(f"{path}: no such file")
    run = start_run(session, source, kind="gazette", trigger=trigger, user=user)
    ingest_gazette(session, run, path, source=source, fmt=fmt)
    kept = instance_dir() / "gazettes" / f"run-{run.id}"
    kept.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, kept / path.name)  # the file as imported stays with the run
    return run
