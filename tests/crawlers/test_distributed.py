"""Distributed crawls: two worker processes share one run over Redis against a site on 127.0.0.1.

Needs the Redis server at 127.0.0.1:6379 (database 7); every key lives under a namespace of its
own, deleted afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from crawlers.distributed.coordinator import collect_items, enqueue_crawl, live_workers
from crawlers.distributed.keys import RunKeys, make_run_key, runs_key
from tests.sites import QuietHandler, serving

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "files" / "pages" / "demo_market"
DEMO_SOURCE = ROOT / "data" / "sources" / "demo-market.yaml"
REDIS_URL = "redis://127.0.0.1:6379/7"
QUERIES = ["tianmu", "天目", "teapot"]
# one page at a time per worker, each answered a little late: the other worker gets its share
FAST = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=1", "LOG_LEVEL=WARNING"]
FAST += ["CONCURRENT_REQUESTS=1"]
PAGE_DELAY = 0.05  # seconds
TITLES = {
    "/item/1": "天目 Tea Set & Cups 康",
    "/item/2": "ＴＩＡＮＭＵ\u3000茶具 套装",
    "/item/3": "TlANMU kettle あ",
    "/item/4": "Tianmu-style teapot",
}


class CountingMarket(QuietHandler):
    """The saved pages as a marketplace that counts every request, per path and per worker.

    Each query has its own second results page; the listings (and their pictures, served here)
    are the same for every query, so the workers must deduplicate them between queries.
    """

    hits: Counter[str]  # "/path?query" -> requests
    by_agent: Counter[str]  # user agent -> requests (robots.txt aside)
    lock = threading.Lock()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        with self.lock:
            self.hits[self.path] += 1
            if parts.path != "/robots.txt":
                self.by_agent[self.headers.get("User-Agent", "")] += 1
        if parts.path == "/robots.txt":
            return self.send_page(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        time.sleep(PAGE_DELAY)
        if parts.path == "/search":
            query = parts.query.split("&")[0]  # "q=..." as sent
            name = "search_2.html" if "page=2" in parts.query else "search_1.html"
            body = self.saved_page(name).replace(b"?q=tianmu&amp;", f"?{query}&amp;".encode())
            return self.send_page(200, body)
        if parts.path.startswith("/item/"):
            return self.send_page(200, self.saved_page(f"item_{parts.path[6:]}.html"))
        if parts.path.startswith("/img/"):
            name = "teapot.png" if parts.path.endswith("-a.jpg") else "kettle.jpg"
            ctype = "image/png" if name.endswith(".png") else "image/jpeg"
            return self.send_page(200, (PAGES / "img" / name).read_bytes(), ctype)
        return self.send_page(404, b"not found")

    def saved_page(self, name: str) -> bytes:
        here = f"//{self.headers['Host']}/img/".encode()
        body = (PAGES / name).read_bytes()
        return body.replace(b"//img.example.test/", here).replace(b"//cdn.example.test/", here)


@pytest.fixture
def store() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        client.close()
        pytest.skip(f"no Redis server at 127.0.0.1:6379 ({exc})")
    yield client
    client.close()


@pytest.fixture
def namespace(store: redis.Redis) -> Iterator[str]:
    name = f"ipwatch-test-{uuid.uuid4().hex[:8]}"
    yield name
    for key in store.scan_iter(match=f"{name}:*"):
        store.delete(key)


@pytest.fixture
def market() -> Iterator[tuple[type[CountingMarket], str]]:
    handler = type("Market", (CountingMarket,), {"hits": Counter(), "by_agent": Counter()})
    with serving(handler) as host:
        yield handler, host


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def write_source(folder: Path, host: str, name: str) -> Path:
    extra = "".join(
        f'  - "http://{host}{path}?q={{query}}"\n' for path in ("/private/search", "/missing")
    )
    text = DEMO_SOURCE.read_text(encoding="utf-8").replace("127.0.0.1:5001", host)
    text = text.replace("name: demo-market", f"name: {name}")
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{name}.yaml"
    file.write_text(text.replace("start_urls:\n", "start_urls:\n" + extra), encoding="utf-8")
    return file


def start_worker(tmp_path: Path, sources: Path, namespace: str, n: int) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "crawlers.distributed.worker", "--redis", REDIS_URL]
    args += ["--namespace", namespace, "--sources-dir", str(sources), "--once"]
    for setting in [*FAST, f"USER_AGENT=ipwatch-test-worker-{n}"]:
        args += ["--set", setting]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with (tmp_path / f"worker-{n}.log").open("w") as log:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for_workers(namespace: str, count: int, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 60
    while len(live_workers(REDIS_URL, namespace)) < count:
        assert all(p.poll() is None for p in processes), "a worker exited before any run"
        assert time.monotonic() < deadline, "the workers did not come up within 60 s"
        time.sleep(0.1)


def test_two_workers_share_a_run_and_fetch_nothing_twice(
    tmp_path: Path,
    store: redis.Redis,
    namespace: str,
    market: tuple[type[CountingMarket], str],
    workers: list[subprocess.Popen[bytes]],
) -> None:
    site, host = market
    name = f"dist-{uuid.uuid4().hex[:6]}"
    source_file = write_source(tmp_path / "sources", host, name)
    workers += [start_worker(tmp_path, source_file.parent, namespace, n) for n in (1, 2)]
    wait_for_workers(namespace, 2, workers)
    evidence = tmp_path / "evidence"
    run_key = make_run_key(name, namespace=namespace)

    enqueue_crawl(REDIS_URL, source_file, QUERIES, run_key, evidence_dir=evidence)
    lines = list(collect_items(REDIS_URL, run_key, timeout=90, idle_seconds=30))

    items, summary = lines[:-1], lines[-1]["summary"]
    paths = [urlsplit(item["url"]).path for item in items]
    assert sorted(paths) == sorted(TITLES), "each listing arrives exactly once"
    for item in items:
        path = urlsplit(item["url"]).path
        assert item["title"] == TITLES[path] and item["query"] in QUERIES
        assert item["source"] == name and item["description"]
        kinds = Counter(entry["kind"] for entry in item["evidence"])
        assert kinds == {"page": 2, "picture": 3}, path  # results and detail page, 3 pictures
        for entry in item["evidence"]:
            assert (evidence / entry["sha256"][:2] / entry["sha256"]).is_file()
    assert next(i for i in items if i["url"].endswith("/item/4"))["page"] == 2

    robots = site.hits.pop("/robots.txt")
    twice = {path: n for path, n in site.hits.items() if n > 1}
    assert twice == {}, "no page or picture is fetched twice"
    assert not any(path.startswith("/private") for path in site.hits)
    assert len(site.hits) == 3 * 3 + 4 + 12  # searches (2 pages), /missing; items; pictures
    assert robots <= 3  # the run's own request, then Scrapy's middleware once in each worker
    assert set(site.by_agent) == {"ipwatch-test-worker-1", "ipwatch-test-worker-2"}

    assert summary["complete"] is True and summary["workers"] == 2
    assert (summary["pages"], summary["detail_pages"], summary["pictures"]) == (6, 4, 12)
    assert summary["items"] == 4 and summary["queries"] == QUERIES
    assert summary["failure_kinds"] == {"robots": 3, "http_404": 3}
    assert summary["failures"] == 6 and summary["evidence_dir"] == str(evidence)

    for n, process in enumerate(workers, start=1):
        assert process.wait(30) == 0
        log = (tmp_path / f"worker-{n}.log").read_text(encoding="utf-8")
        assert "Traceback" not in log, log
    assert not store.sismember(runs_key(namespace), run_key)
    assert store.hget(RunKeys(run_key).meta, "status") == "done"
    assert not store.exists(RunKeys(run_key).requests)


def test_a_run_no_worker_serves_is_given_up(
    tmp_path: Path, store: redis.Redis, namespace: str
) -> None:
    source_file = write_source(tmp_path, "127.0.0.1:9", "nobody-serves")
    run_key = make_run_key("nobody-serves", "r1", namespace)
    enqueue_crawl(REDIS_URL, source_file, ["tianmu"], run_key)
    assert store.sismember(runs_key(namespace), run_key)
    entry = store.lindex(RunKeys(run_key).start, 0)
    assert isinstance(entry, str) and json.loads(entry)["callback"] == "on_robots"

    started = time.monotonic()
    lines = list(collect_items(REDIS_URL, run_key, timeout=30, idle_seconds=0.5, poll=0.1))

    assert time.monotonic() - started < 10
    summary = lines[-1]["summary"]
    assert len(lines) == 1 and summary["items"] == 0 and summary["complete"] is False
    assert summary["failure_kinds"] == {"run_stalled": 1}
    assert not store.sismember(runs_key(namespace), run_key)
    with pytest.raises(ValueError, match="exists already"):
        enqueue_crawl(REDIS_URL, source_file, ["tianmu"], run_key)


def test_requests_held_by_a_vanished_worker_end_the_run(
    tmp_path: Path, store: redis.Redis, namespace: str
) -> None:
    source_file = write_source(tmp_path, "127.0.0.1:9", "vanished")
    run_key = make_run_key("vanished", "r1", namespace)
    enqueue_crawl(REDIS_URL, source_file, ["tianmu"], run_key)
    keys = RunKeys(run_key)
    # a worker took the start entry, then died: its heartbeat key expired
    store.lpop(keys.start)
    store.sadd(keys.workers, "gone-1")
    store.hset(keys.held, "gone-1", "1")
    store.rpush(keys.items, json.dumps({"url": "http://x/item/1", "title": "t"}))

    lines = list(collect_items(REDIS_URL, run_key, timeout=30, idle_seconds=30))

    assert lines[0]["url"] == "http://x/item/1"
    summary = lines[-1]["summary"]
    assert summary["failure_kinds"] == {"worker_lost": 1} and summary["items"] == 1


def test_enqueue_refuses_a_run_key_of_another_source(tmp_path: Path, namespace: str) -> None:
    source_file = write_source(tmp_path, "127.0.0.1:9", "one-source")
    with pytest.raises(ValueError, match="not a run of source"):
        enqueue_crawl(REDIS_URL, source_file, ["x"], make_run_key("other", "r1", namespace))
    with pytest.raises(ValueError, match="not a run key"):
        make_run_key("Bad Name", "r1", namespace)
