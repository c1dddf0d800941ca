"""The Redis layout of distributed crawls: key names, lifetimes, the start entry format (a leaf)."""

from __future__ import annotations

import builtins
import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol, cast

import redis
import scrapy
from redis.client import Pipeline

NAMESPACE = "ipwatch"
RUN_KEY_RE = re.compile(r"^(?P<ns>[A-Za-z0-9_.-]+):run:(?P<source>[a-z0-9-]+):[A-Za-z0-9_.-]+$")
RUN_TTL = 7 * 24 * 3600  # seconds a run's keys live after their last write, if never collected
RESULT_TTL = 3600  # seconds a collected run's keys stay readable after it ended
HEARTBEAT_TTL = 20  # seconds a worker counts as alive after its last heartbeat
ACTIVE = "active"  # run status while it may still take work
DONE = "done"  # run status once collected, timed out or abandoned: workers drop its requests


class Store(Protocol):
    """The part of a synchronous, str-decoding redis.Redis this package uses.

    (redis-py's own annotations also allow its asyncio client's awaitables.)
    """

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str, ex: int | None = None) -> bool | None: ...
    def delete(self, *names: str) -> int: ...
    def exists(self, *names: str) -> int: ...
    def decr(self, name: str, amount: int = 1) -> int: ...
    def hget(self, name: str, key: str) -> str | None: ...
    def hgetall(self, name: str) -> dict[str, str]: ...
    def hset(self, name: str, key: str, value: str) -> int: ...
    def smembers(self, name: str) -> builtins.set[str]: ...
    def sismember(self, name: str, value: str) -> bool: ...
    def srem(self, name: str, *values: str) -> int: ...
    def scard(self, name: str) -> int: ...
    def lpop(self, name: str, count: int | None = None) -> list[str] | None: ...
    def blpop(self, keys: list[str], timeout: float = 0) -> tuple[str, str] | None: ...
    def lrange(self, name: str, start: int, end: int) -> list[str]: ...
    def lindex(self, name: str, index: int) -> str | None: ...
    def scan_iter(self, match: str | None = None) -> Iterator[str]: ...
    def pipeline(self) -> Pipeline: ...
    def ping(self) -> bool: ...
    def close(self) -> None: ...


def connect(url: str) -> Store:
    """Return a client that decodes replies to str (close it when done)."""
    return cast(Store, redis.Redis.from_url(url, decode_responses=True))


def make_run_key(source: str, run_id: str | None = None, namespace: str = NAMESPACE) -> str:
    """Return a run key `<namespace>:run:<source>:<run_id>`; a random id when none is given."""
    key = f"{namespace}:run:{source}:{run_id or secrets.token_hex(6)}"
    check_run_key(key)
    return key


def check_run_key(run_key: str) -> re.Match[str]:
    """Return the parts of a run key; raise ValueError when it is not `<ns>:run:<source>:<id>`."""
    found = RUN_KEY_RE.match(run_key)
    if found is None:
        raise ValueError(f"not a run key (<namespace>:run:<source>:<id>): {run_key!r}")
    return found


def runs_key(namespace: str) -> str:
    """The set of the namespace's active run keys, which workers watch."""
    return f"{namespace}:runs"


def worker_key(namespace: str, worker_id: str) -> str:
    """A worker's heartbeat (JSON about it), expiring HEARTBEAT_TTL seconds after its last beat."""
    return f"{namespace}:worker:{worker_id}"


@dataclass(frozen=True)
class RunKeys:
    """The keys of one crawl run, all starting with its run key."""

    run: str

    @property
    def namespace(self) -> str:
        return check_run_key(self.run)["ns"]

    @property
    def source(self) -> str:
        return check_run_key(self.run)["source"]

    @property
    def meta(self) -> str:  # hash: source, queries (JSON), evidence_dir, status, created
        return f"{self.run}:meta"

    @property
    def start(self) -> str:  # list of start entries (JSON), read by RedisSpider
        return f"{self.run}:start"

    @property
    def requests(self) -> str:  # sorted set: the scrapy-redis request queue (pickled requests)
        return f"{self.run}:requests"

    @property
    def dupefilter(self) -> str:  # set: fingerprints of every request queued in this run
        return f"{self.run}:dupefilter"

    @property
    def pending(self) -> str:  # integer: start entries and requests queued, not yet finished
        return f"{self.run}:pending"

    @property
    def held(self) -> str:  # hash: worker id -> requests it took and has not reported finished
        return f"{self.run}:held"

    @property
    def workers(self) -> str:  # set: ids of the workers that joined the run
        return f"{self.run}:workers"

    @property
    def items(self) -> str:  # list: listings (JSON, Listing.to_dict()) not yet collected
        return f"{self.run}:items"

    @property
    def stats(self) -> str:  # hash: pages, detail_pages, items
        return f"{self.run}:stats"

    @property
    def failures(self) -> str:  # list: failures (JSON: url, kind, reason)
        return f"{self.run}:failures"

    @property
    def robots(self) -> str:  # hash: origin -> robots.txt text, shared so every worker obeys it
        return f"{self.run}:robots"

    def all(self) -> list[str]:
        """Every key of the run."""
        names = ["meta", "start", "requests", "dupefilter", "pending", "held", "workers"]
        names += ["items", "stats", "failures", "robots"]
        return [getattr(self, name) for name in names]


def start_entry(source: str, request: scrapy.Request) -> dict[str, Any]:
    """Describe a spider's start request as JSON: its URL, callback and context (query, page...)."""
    callback = getattr(request.callback, "__name__", None)
    return {
        "source": source,
        "url": request.url,
        "callback": callback,
        "context": request.cb_kwargs,
    }


def entry_id(entry: dict[str, Any]) -> str:
    """A stable text identity of a start entry, to find the request it stands for."""
    return json.dumps(entry, sort_keys=True, ensure_ascii=False)
