"""A crawl worker of this installation: `ipwatch crawl-worker` (see crawlers.distributed)."""

from __future__ import annotations

from flask import current_app

from monitor.db import instance_dir
from monitor.monitoring.sources import folders


def run_worker(redis_url: str, *, once: bool = False, settings: tuple[str, ...] = ()) -> int:
    """Serve distributed crawls of this installation's sources until stopped; the exit code.

    The worker stores evidence in this machine's instance folder: on several machines, mount
    the same folder (or copy the files) so that every capture is where `ipwatch evidence
    verify` and the alert pages look.
    """
    from crawlers.distributed.worker import main

    args = ["--redis", redis_url, "--evidence-dir", str(instance_dir() / "evidence")]
    for folder in folders():
        args += ["--sources-dir", str(folder)]
    for setting in settings:
        args += ["--set", setting]
    if once:
        args.append("--once")
    current_app.logger.info("crawl worker on %s", redis_url)
    return main(args)
