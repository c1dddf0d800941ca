"""A crawl worker: serve every distributed run of the sources it knows, until stopped.

Usage: python -m crawlers.distributed.worker [--redis URL] (--sources-dir DIR | --source-file FILE)...
       [--namespace NS] [--evidence-dir DIR] [--set SETTING=VALUE ...] [--once]
       [--idle-exit SECONDS]
--redis defaults to $IPWATCH_REDIS_URL. The worker runs one Scrapy crawler per run it joins (all
in one Twisted reactor), with the source's polite settings (crawlers.settings.build_settings) plus
--set overrides. --once exits after the runs it joined have ended; --idle-exit after SECONDS with
no run to serve. A run asking for evidence has its pages and pictures stored in the folder it
names, which must then be shared by every worker's machine, or in --evidence-dir (this machine's
mount of that folder). Exit 0 when stopped (SIGINT/SIGTERM finish the pages in flight first), 2 when
no marketplace source loads or Redis cannot be reached.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import secrets
import socket
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import redis
from scrapy.crawler import AsyncCrawlerProcess, Crawler

from crawlers.cli import parse_overrides
from crawlers.distributed.keys import (
    ACTIVE,
    HEARTBEAT_TTL,
    NAMESPACE,
    RUN_TTL,
    RunKeys,
    connect,
    runs_key,
    worker_key,
)
from crawlers.distributed.spider import RunSpider
from crawlers.settings import DEFAULTS, build_settings
from crawlers.sources import MarketplaceSource, SourceError, load_source, load_sources

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.5  # how often the worker looks for new runs and beats its heartbeat


def run_settings(
    source: MarketplaceSource, run_key: str, redis_url: str, overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """The settings of one run's crawler: the source's polite ones, then the shared Redis parts."""
    keys = RunKeys(run_key)
    settings = build_settings(source, overrides)
    settings.update(
        {
            "SCHEDULER": "crawlers.distributed.scheduler.RunScheduler",
            "DUPEFILTER_CLASS": "crawlers.distributed.scheduler.RunDupeFilter",
            "SCHEDULER_PERSIST": True,  # the queue and fingerprints belong to the whole run
            "SCHEDULER_QUEUE_KEY": keys.requests,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            "REDIS_START_URLS_KEY": keys.start,
            "REDIS_URL": redis_url,
        }
    )
    return settings


class Worker:
    """Join the namespace's active runs whose source this worker knows, one crawler per run."""

    def __init__(
        self,
        redis_url: str,
        sources: Mapping[str, MarketplaceSource],
        *,
        namespace: str = NAMESPACE,
        overrides: Mapping[str, Any] | None = None,
        once: bool = False,
        idle_exit: float = 0.0,
        evidence_dir: Path | None = None,
    ) -> None:
        self.redis_url = redis_url
        self.sources = dict(sources)
        self.namespace = namespace
        self.overrides = dict(overrides or {})
        self.once = once
        self.idle_exit = idle_exit  # seconds; 0 waits for work forever
        self.evidence_dir = evidence_dir  # where this machine mounts the runs' evidence folder
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.store = connect(redis_url)
        self.serving: set[str] = set()  # run keys with a crawler open here
        self.passed: set[str] = set()  # run keys served already or not ours: never joined again
        self.joined: set[str] = set()  # run keys this worker has served or is serving
        self.idle_since = time.monotonic()
        self.process: AsyncCrawlerProcess | None = None

    def run(self) -> int:
        """Serve runs until stopped; return the exit code."""
        from twisted.internet import task

        self.store.ping()
        self.process = AsyncCrawlerProcess({**DEFAULTS, **self.overrides})  # installs the reactor
        loop = task.LoopingCall(self.tick)
        loop.start(POLL_SECONDS)
        logger.info("worker %s serving %s", self.worker_id, ", ".join(sorted(self.sources)))
        try:
            self.process.start(stop_after_crawl=False)
        finally:
            with contextlib.suppress(redis.RedisError):
                self.store.delete(worker_key(self.namespace, self.worker_id))
            self.store.close()
        return 0

    def tick(self) -> None:
        """Beat the heartbeat, join new runs, and stop when --once or --idle-exit say so."""
        try:
            self.beat()
            self.join_runs()
        except redis.RedisError as exc:  # Redis restarting: keep the crawlers, try again
            logger.warning("worker %s: Redis: %s", self.worker_id, exc)
        now = time.monotonic()
        if self.serving:
            self.idle_since = now
            return
        if (self.once and self.joined) or (
            self.idle_exit and now - self.idle_since >= self.idle_exit
        ):
            self.stop()

    def beat(self) -> None:
        """Tell the run collectors this worker is alive (and what it serves)."""
        about = {"host": socket.gethostname(), "pid": os.getpid(), "sources": sorted(self.sources)}
        about["runs"] = sorted(self.serving)
        self.store.set(
            worker_key(self.namespace, self.worker_id), json.dumps(about), ex=HEARTBEAT_TTL
        )

    def join_runs(self) -> None:
        """Start a crawler for each active run of a known source not joined yet."""
        for run_key in sorted(self.store.smembers(runs_key(self.namespace))):
            if run_key in self.serving or run_key in self.passed:
                continue
            keys = RunKeys(run_key)
            meta = self.store.hgetall(keys.meta)
            if not meta:  # expired: forget it
                self.store.srem(runs_key(self.namespace), run_key)
                continue
            source = self.sources.get(meta.get("source", ""))
            if source is None or meta.get("status") != ACTIVE:
                self.passed.add(run_key)
                continue
            if int(self.store.get(keys.pending) or 0) <= 0:
                continue
            try:
                self.start_crawler(run_key, source, meta)
            except redis.RedisError:
                raise
            except Exception:  # a run this worker cannot serve must not stop it serving others
                logger.exception("worker %s cannot serve %s", self.worker_id, run_key)
                self.serving.discard(run_key)
                self.passed.add(run_key)

    def start_crawler(self, run_key: str, source: MarketplaceSource, meta: dict[str, str]) -> None:
        """Open a crawler for the run in this process's reactor."""
        assert self.process is not None
        keys = RunKeys(run_key)
        pipe = self.store.pipeline()
        pipe.sadd(keys.workers, self.worker_id)
        pipe.expire(keys.workers, RUN_TTL)
        pipe.execute()
        kwargs: dict[str, Any] = {
            "source": source,
            "queries": json.loads(meta.get("queries") or "[]"),
            "run_key": run_key,
            "worker_id": self.worker_id,
            "redis_url": self.redis_url,
        }
        if meta.get("evidence_dir"):
            kwargs["evidence_dir"] = self.evidence_dir or Path(meta["evidence_dir"])
        crawler = Crawler(RunSpider, run_settings(source, run_key, self.redis_url, self.overrides))
        self.serving.add(run_key)
        self.joined.add(run_key)
        logger.info("worker %s joined %s", self.worker_id, run_key)
        task = self.process.crawl(crawler, **kwargs)
        task.add_done_callback(lambda _: self.crawler_ended(run_key))

    def crawler_ended(self, run_key: str) -> None:
        """Forget a run whose crawler closed: the run has ended, or this worker cannot serve it."""
        self.serving.discard(run_key)
        self.passed.add(run_key)
        logger.info("worker %s left %s", self.worker_id, run_key)

    def stop(self) -> None:
        """Stop the reactor (no crawler is open)."""
        from twisted.internet import reactor

        with contextlib.suppress(RuntimeError):  # already stopping
            reactor.stop()  # type: ignore[misc]


def load_marketplaces(
    folders: Sequence[Path], files: Sequence[Path]
) -> tuple[dict[str, MarketplaceSource], list[str]]:
    """Load the marketplace sources of the folders and files; return them by name and problems."""
    sources, errors = load_sources(folders)
    for file in files:
        try:
            sources.append(load_source(file))
        except SourceError as exc:
            errors.append(exc)
    problems = [str(exc) for exc in errors]
    by_name: dict[str, MarketplaceSource] = {}
    for source in sources:
        if not isinstance(source, MarketplaceSource):
            continue
        if source.name in by_name:
            problems.append(f"{source.file}: name: {source.name!r} already defined")
            continue
        by_name[source.name] = source
    return by_name, problems


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and serve runs until stopped; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.distributed.worker",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--redis", default=os.environ.get("IPWATCH_REDIS_URL"), help="Redis URL")
    parser.add_argument("--sources-dir", action="append", type=Path, default=[])
    parser.add_argument("--source-file", action="append", type=Path, default=[])
    parser.add_argument("--namespace", default=NAMESPACE, help="prefix of the Redis keys")
    parser.add_argument("--evidence-dir", type=Path, help="this machine's evidence folder")
    parser.add_argument("--set", action="append", default=[], help="Scrapy SETTING=VALUE")
    parser.add_argument("--once", action="store_true", help="exit when the joined runs ended")
    parser.add_argument("--idle-exit", type=float, default=0.0, help="exit after SECONDS idle")
    args = parser.parse_args(argv)
    if not args.redis:
        print("no Redis: give --redis URL or set IPWATCH_REDIS_URL", file=sys.stderr)
        return 2
    sources, problems = load_marketplaces(args.sources_dir, args.source_file)
    for problem in problems:
        print(f"source refused: {problem}", file=sys.stderr)
    if not sources:
        print("no marketplace source to serve (--sources-dir / --source-file)", file=sys.stderr)
        return 2
    worker = Worker(
        args.redis,
        sources,
        namespace=args.namespace,
        overrides=parse_overrides(args.set),
        once=args.once,
        idle_exit=args.idle_exit,
        evidence_dir=args.evidence_dir,
    )
    try:
        return worker.run()
    except redis.RedisError as exc:
        print(f"cannot use Redis at {args.redis}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
