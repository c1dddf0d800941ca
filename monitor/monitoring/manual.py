""" "Run now": a manual run recorded at once and carried out by a child `ipwatch crawl`.

The web process never crawls: it records the run (so the page shows it at once), starts the
child on it and returns; a thread waits for the child so that no zombie is left, and marks the
run failed if the child died without finishing it.
"""

from __future__ import annotations

import subprocess
import threading

from flask import Flask
from sqlmodel import Session

from infringement.models import CrawlRun, RunStatus
from monitor.db import get_engine, get_session, instance_dir
from monitor.monitoring.records import finish_run, start_run
from monitor.monitoring.run_notes import CANNOT_START, EXIT_CODE, note
from monitor.monitoring.runs import child_command, child_env


def start_child_run(app: Flask, name: str, kind: str, email: str) -> CrawlRun:
    """Record a manual run of source `name` and start `ipwatch crawl` on it in a child process.

    The child takes the source's lock and carries the record on; its output goes to
    `crawls/run-<id>.web.log` under the instance directory. A thread waits for the child (no
    zombie is left behind) and marks the record failed if the child died without doing so.
    """
    session = get_session()
    run = start_run(session, name, kind=kind, trigger="manual", user=email)
    folder = instance_dir() / "crawls"
    folder.mkdir(parents=True, exist_ok=True)
    args = ["crawl", name, "--trigger", "manual", "--as", email, "--run-id", str(run.id)]
    try:
        with (folder / f"run-{run.id}.web.log").open("wb") as log:
            child = subprocess.Popen(
                child_command(*args),
                env=child_env(app),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    except OSError as exc:
        finish_run(session, run, RunStatus.FAILED, note(CANNOT_START, exc))
        return run
    watcher = threading.Thread(
        target=_wait_for, args=(app, child, run.id), name=f"run-{run.id}", daemon=True
    )
    watcher.start()
    return run


def _wait_for(app: Flask, child: subprocess.Popen[bytes], run_id: int | None) -> None:
    code = child.wait()
    if code == 0 or run_id is None:
        return
    with app.app_context(), Session(get_engine(), expire_on_commit=False) as session:
        found = session.get(CrawlRun, run_id)
        if found is not None and found.status == RunStatus.RUNNING:
            log = f"crawls/run-{run_id}.web.log"
            finish_run(session, found, RunStatus.FAILED, note(EXIT_CODE, log, code=code))
