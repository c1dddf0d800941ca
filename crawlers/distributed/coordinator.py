"""Start a distributed crawl run, collect its listings as workers push them, and end it.

Usage: python -m crawlers.distributed.coordinator SOURCE_FILE --query TEXT [--query TEXT ...]
       --out ITEMS.jsonl [--redis URL] [--run-id ID] [--namespace NS] [--evidence-dir DIR]
       [--timeout SECONDS] [--idle-seconds SECONDS]
The same output as `python -m crawlers.run` (a listing per line, then {"summary": {...}}), read
by `ipwatch crawl-worker` processes instead of this one. Exit 0 when the run ended (an incomplete
run says so in the summary), 2 when the source file is refused or Redis cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Generator, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis

from crawlers.distributed.keys import (
    ACTIVE,
    DONE,
    NAMESPACE,
    RESULT_TTL,
    RUN_TTL,
    RunKeys,
    Store,
    connect,
    make_run_key,
    runs_key,
    start_entry,
    worker_key,
)
from crawlers.sources import MarketplaceSource, SourceError, load_source
from crawlers.spiders.marketplace import MarketplaceSpider

DRAIN_BATCH = 500  # items read from Redis per round trip


def enqueue_crawl(
    redis_url: str,
    source_file: Path,
    queries: Iterable[str],
    run_key: str,
    evidence_dir: Path | None = None,
) -> None:
    """Publish a run: its start requests (one per robots.txt, or per query and start URL).

    Raise SourceError when the file is not a valid marketplace source, ValueError when the run key
    is malformed, names another source or is taken already. The run, its start entries and its
    pending count appear in one transaction, so a worker sees all of it or nothing.
    """
    keys = RunKeys(run_key)
    source = load_source(source_file)
    if not isinstance(source, MarketplaceSource):
        raise SourceError(source_file, "kind", "not a marketplace source")
    if keys.source != source.name:
        raise ValueError(f"run key {run_key!r} is not a run of source {source.name!r}")
    spider = MarketplaceSpider(source, list(queries))
    entries = [start_entry(source.name, request) for request in spider.start_requests()]
    meta = {
        "source": source.name,
        "source_file": str(source_file),
        "queries": json.dumps(spider.queries, ensure_ascii=False),
        "evidence_dir": str(evidence_dir.absolute()) if evidence_dir else "",
        "status": ACTIVE,
        "created": datetime.now(UTC).isoformat(),
    }
    store = connect(redis_url)
    try:
        if store.exists(keys.meta):
            raise ValueError(f"run {run_key!r} exists already")
        pipe = store.pipeline()  # MULTI/EXEC
        pipe.hset(keys.meta, mapping=meta)
        if entries:
            pipe.rpush(keys.start, *(json.dumps(e, ensure_ascii=False) for e in entries))
        pipe.set(keys.pending, len(entries))
        for key in (keys.meta, keys.start, keys.pending):
            pipe.expire(key, RUN_TTL)
        pipe.sadd(runs_key(keys.namespace), run_key)
        pipe.execute()
    finally:
        store.close()


def collect_items(
    redis_url: str,
    run_key: str,
    *,
    timeout: float = 6 * 3600.0,
    idle_seconds: float = 120.0,
    poll: float = 0.5,
) -> Generator[dict[str, Any], None, dict[str, Any]]:
    """Yield the run's listings as workers push them, then {"summary": {...}}; end the run.

    The run is finished when its pending count (start entries and requests queued but not yet
    handled completely) reaches zero, or when the only requests left were taken by workers whose
    heartbeat stopped (`worker_lost`). It is given up when no live worker has joined it for
    `idle_seconds` (`run_stalled`) or after `timeout` seconds (`run_timeout`). The summary has
    the keys of crawlers.run's (evidence_dir, pages, detail_pages, pictures, items, failures,
    failure_kinds, failed) summed over the workers, plus run_key, workers and complete. Also returned as the generator's value.
    """
    keys = RunKeys(run_key)
    store = connect(redis_url)
    try:
        meta = store.hgetall(keys.meta)
        if not meta:
            raise LookupError(f"no crawl run {run_key!r} in Redis")
        started = time.monotonic()
        unattended_since: float | None = None
        count, ended, lost = 0, "", 0
        while not ended:
            pending = int(store.get(keys.pending) or 0)  # read before draining: see `report`
            for item in _drain(store, keys.items):
                count += 1
                yield item
            lost = _lost_requests(store, keys)
            now = time.monotonic()
            if _live_workers_of(store, keys):
                unattended_since = None
            elif unattended_since is None:
                unattended_since = now
            if pending - lost <= 0:
                ended = "worker_lost" if lost else "finished"
            elif unattended_since is not None and now - unattended_since >= idle_seconds:
                ended = "run_stalled"
            elif now - started >= timeout:
                ended = "run_timeout"
            elif popped := store.blpop([keys.items], timeout=poll):
                count += 1
                yield json.loads(popped[1])
        end_run(store, keys)
        summary = _summary(store, keys, meta, count, ended, lost, (timeout, idle_seconds))
        yield {"summary": summary}
        return summary
    finally:
        store.close()


def _drain(store: Store, key: str) -> Iterable[dict[str, Any]]:
    while batch := store.lpop(key, DRAIN_BATCH):
        yield from (json.loads(raw) for raw in batch)


def _lost_requests(store: Store, keys: RunKeys) -> int:
    """Requests held by workers whose heartbeat expired: they will never be reported finished."""
    held = {worker: int(n) for worker, n in store.hgetall(keys.held).items() if int(n) > 0}
    return sum(n for worker, n in held.items() if not store.exists(_worker(keys, worker)))


def _live_workers_of(store: Store, keys: RunKeys) -> list[str]:
    return [w for w in store.smembers(keys.workers) if store.exists(_worker(keys, w))]


def _worker(keys: RunKeys, worker_id: str) -> str:
    return worker_key(keys.namespace, worker_id)


def end_run(store: Store, keys: RunKeys) -> None:
    """Mark the run done (workers drop its requests), drop its queue, let the rest expire."""
    pipe = store.pipeline()
    pipe.hset(keys.meta, mapping={"status": DONE, "ended": datetime.now(UTC).isoformat()})
    pipe.srem(runs_key(keys.namespace), keys.run)
    pipe.delete(keys.start, keys.requests, keys.dupefilter)
    for key in keys.all():
        pipe.expire(key, RESULT_TTL)
    pipe.execute()


def _summary(
    store: Store,
    keys: RunKeys,
    meta: dict[str, str],
    items: int,
    ended: str,
    lost: int,
    limits: tuple[float, float],
) -> dict[str, Any]:
    stats = store.hgetall(keys.stats)
    failed = [json.loads(raw) for raw in store.lrange(keys.failures, 0, -1)]
    reasons = {
        "worker_lost": f"{lost} request(s) taken by workers that stopped answering",
        "run_stalled": f"no live worker served the run for {limits[1]:g} s",
        "run_timeout": f"the run did not end within {limits[0]:g} s",
    }
    if ended in reasons:
        failed.append({"url": "", "kind": ended, "reason": reasons[ended]})
    return {
        "source": meta["source"],
        "queries": json.loads(meta.get("queries") or "[]"),
        "run_key": keys.run,
        "evidence_dir": meta.get("evidence_dir") or None,
        "pages": int(stats.get("pages", 0)),
        "detail_pages": int(stats.get("detail_pages", 0)),
        "pictures": int(stats.get("pictures", 0)),
        "items": items,
        "failures": len(failed),
        "failure_kinds": dict(Counter(f["kind"] for f in failed)),
        "failed": failed,
        "workers": store.scard(keys.workers),
        "complete": ended == "finished",
    }


def delete_run(redis_url: str, run_key: str) -> None:
    """Remove every key of a run at once (whatever its state)."""
    keys = RunKeys(run_key)
    store = connect(redis_url)
    try:
        pipe = store.pipeline()
        pipe.delete(*keys.all())
        pipe.srem(runs_key(keys.namespace), run_key)
        pipe.execute()
    finally:
        store.close()


def live_workers(redis_url: str, namespace: str = NAMESPACE) -> dict[str, dict[str, Any]]:
    """The workers whose heartbeat is current, by id: host, pid, sources and runs they serve."""
    store = connect(redis_url)
    prefix = worker_key(namespace, "")
    try:
        found = {}
        for key in store.scan_iter(match=f"{prefix}*"):
            if raw := store.get(key):
                found[key[len(prefix) :]] = json.loads(raw)
        return found
    finally:
        store.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run one distributed crawl and write its JSON lines."""
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.distributed.coordinator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source_file", type=Path)
    parser.add_argument("--query", action="append", required=True, help="a watched mark text")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines file to write")
    parser.add_argument("--redis", default=os.environ.get("IPWATCH_REDIS_URL"), help="Redis URL")
    parser.add_argument("--run-id", help="the run's id (default: random)")
    parser.add_argument("--namespace", default=NAMESPACE, help="prefix of the Redis keys")
    parser.add_argument("--evidence-dir", type=Path, help="where workers store the evidence")
    parser.add_argument("--timeout", type=float, default=6 * 3600.0, help="seconds")
    parser.add_argument("--idle-seconds", type=float, default=120.0, help="seconds")
    args = parser.parse_args(argv)
    if not args.redis:
        print("no Redis: give --redis URL or set IPWATCH_REDIS_URL", file=sys.stderr)
        return 2
    try:
        source = load_source(args.source_file)
        run_key = make_run_key(source.name, args.run_id, args.namespace)
        enqueue_crawl(args.redis, args.source_file, args.query, run_key, args.evidence_dir)
    except (SourceError, ValueError) as exc:
        print(f"source refused: {exc}", file=sys.stderr)
        return 2
    except redis.RedisError as exc:
        print(f"cannot use Redis at {args.redis}: {exc}", file=sys.stderr)
        return 2
    items = collect_items(args.redis, run_key, timeout=args.timeout, idle_seconds=args.idle_seconds)
    with args.out.open("w", encoding="utf-8") as out:
        for line in items:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
