"""The marketplace spider serving one run from Redis: start entries in, listings and counts out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import redis
import scrapy
from protego import Protego
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy_redis.spiders import RedisMixin
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from crawlers.distributed.keys import ACTIVE, RUN_TTL, RunKeys, connect, entry_id, start_entry
from crawlers.failures import CrawlFailure
from crawlers.sources import MarketplaceSource
from crawlers.spiders.marketplace import MarketplaceSpider, origin_of

WAKE_SECONDS = 0.5  # how often an idle spider looks for requests other workers queued


class RunSpider(RedisMixin, MarketplaceSpider):
    """Serve one crawl run of one source alongside other workers.

    Start entries come from the run's Redis list (RedisMixin); requests go through the run's shared
    scrapy-redis queue and fingerprint set; listings are pushed to the run's item list as they are
    scraped; pages, detail pages, failures and finished requests are reported whenever the spider
    is idle, which is when every request it took has been handled completely.
    """

    def __init__(
        self,
        source: MarketplaceSource,
        queries: list[str],
        *,
        run_key: str,
        worker_id: str,
        redis_url: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(source, queries, **kwargs)
        self.keys = RunKeys(run_key)
        self.redis_key = self.keys.start
        self.worker_id = worker_id
        self.run_redis = connect(redis_url)  # (`self.store` is the evidence store)
        self.run_active = True
        self.taken = 0  # start entries and requests taken from Redis, not reported finished yet
        self.unstarted: list[bytes] = []  # start entries taken, their requests not queued yet
        self.reported = {"pages": 0, "detail_pages": 0, "pictures": 0, "failures": 0}
        self.wake: LoopingCall | None = None  # made once the reactor runs

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> RunSpider:
        """Build the spider, connect it to Redis and to the crawl's signals."""
        spider: RunSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup_redis(crawler)
        crawler.signals.connect(spider.on_item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider.on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    # -- start entries ---------------------------------------------------------------------------

    def next_requests(self) -> Iterator[scrapy.Request]:
        """Turn a batch of the run's start entries into this spider's own start requests.

        A start entry is taken like a request: it is reported finished once the spider is
        idle, by when its requests are queued (and counted). Entries not started when the spider
        closes go back to the run.
        """
        if not self.run_active:
            return
        self.unstarted = list(self.fetch_data(self.redis_key, self.redis_batch_size))
        if self.unstarted:
            self.count_taken(len(self.unstarted))
        while self.unstarted:
            yield from self.requests_for_entry(self.unstarted[0])
            self.unstarted.pop(0)  # resumed once the engine queued its requests

    def requests_for_entry(self, raw: str | bytes) -> list[scrapy.Request]:
        """The start request a start entry stands for; none (logged) when it is not ours."""
        entry = json.loads(raw)
        wanted = entry_id(entry)
        for request in MarketplaceSpider.start_requests(self):
            if entry_id(start_entry(self.source.name, request)) == wanted:
                return [request]
        # the coordinator read another version of the source file than this worker
        reason = "start entry matches no start request of this worker's source file"
        self.add_failure(CrawlFailure(str(entry.get("url", "")), "start_mismatch", reason))
        return []

    # -- robots.txt, shared through Redis --------------------------------------------------------

    def on_robots(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Share the site's robots.txt with the run's other workers, then search the site."""
        text = response.text if isinstance(response, TextResponse) else ""
        self.share_robots(kwargs["origin"], text)
        yield from super().on_robots(response, **kwargs)

    def on_robots_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        """No readable robots.txt: share that the site sets no rules, then search it."""
        request = getattr(failure, "request", None)
        if request is not None:
            self.share_robots(request.cb_kwargs["origin"], "")
        yield from super().on_robots_error(failure)

    def share_robots(self, origin: str, text: str) -> None:
        """Keep a site's robots.txt in the run for the other workers."""
        pipe = self.run_redis.pipeline()
        pipe.hset(self.keys.robots, origin, text)
        pipe.expire(self.keys.robots, RUN_TTL)
        pipe.execute()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch `url`, as read by whichever worker fetched it."""
        origin = origin_of(url)
        if self.source.robots and origin not in self.robots:
            text = self.run_redis.hget(self.keys.robots, origin)
            if text is not None:
                self.robots[origin] = Protego.parse(text)
        return bool(super().allowed(url))

    # -- counting and reporting ------------------------------------------------------------------

    def count_queued(self) -> None:
        """Count a request queued for the run (called by the scheduler before it is pushed)."""
        pipe = self.run_redis.pipeline()
        pipe.incr(self.keys.pending)
        pipe.expire(self.keys.pending, RUN_TTL)
        pipe.execute()

    def count_taken(self, count: int = 1) -> None:
        """Count requests (or start entries) this worker took, until reported finished."""
        self.taken += count
        pipe = self.run_redis.pipeline()
        pipe.hincrby(self.keys.held, self.worker_id, count)
        pipe.expire(self.keys.held, RUN_TTL)
        pipe.execute()

    def on_item_scraped(self, item: Any) -> None:
        """Push a scraped listing to the run's item list at once."""
        data = item.to_dict() if hasattr(item, "to_dict") else dict(item)
        pipe = self.run_redis.pipeline()
        pipe.rpush(self.keys.items, json.dumps(data, ensure_ascii=False))
        pipe.hincrby(self.keys.stats, "items", 1)
        pipe.expire(self.keys.items, RUN_TTL)
        pipe.expire(self.keys.stats, RUN_TTL)
        pipe.execute()

    def report(self) -> None:
        """Report finished requests, pages, pictures and failures since the last report.

        Call it only when every request taken so far has been handled completely (the spider is
        idle or closed): their new requests are queued and counted, their listings pushed.
        """
        now = {"pages": self.pages, "detail_pages": self.detail_pages, "pictures": self.pictures}
        now["failures"] = len(self.failures)
        counts = {name: value - self.reported[name] for name, value in now.items()}
        new_failures = self.failures[self.reported["failures"] :]
        if not (self.taken or any(counts.values())):
            return
        pipe = self.run_redis.pipeline()
        if new_failures:
            pipe.rpush(self.keys.failures, *(json.dumps(vars(f)) for f in new_failures))
        for name in ("pages", "detail_pages", "pictures"):
            pipe.hincrby(self.keys.stats, name, counts[name])
        pipe.hincrby(self.keys.held, self.worker_id, -self.taken)
        pipe.decrby(self.keys.pending, self.taken)  # last: the run may be complete after this
        for key in (self.keys.failures, self.keys.stats, self.keys.held, self.keys.pending):
            pipe.expire(key, RUN_TTL)
        pipe.execute()
        self.taken = 0
        self.reported = now

    def read_run_active(self) -> bool:
        """Whether the run still wants work: not ended by its collector (nor expired)."""
        return bool(self.run_redis.hget(self.keys.meta, "status") == ACTIVE)

    # -- lifecycle -------------------------------------------------------------------------------

    def spider_idle(self) -> None:
        """Report; stay open (looking for start entries) while the run has pending work."""
        self.report()
        self.run_active = self.read_run_active()
        if not self.run_active or int(self.run_redis.get(self.keys.pending) or 0) <= 0:
            return  # the spider closes
        self.schedule_next_requests()
        raise DontCloseSpider

    def on_wake(self) -> None:
        """Notice the run's end, and nudge the engine to look at the shared queue.

        Scrapy's own heartbeat polls an idle scheduler every 5 seconds; other workers keep
        filling the queue meanwhile, so an idle spider looks more often.
        """
        try:
            self.run_active = self.read_run_active()
        except redis.RedisError as exc:  # keep the loop: Redis may come back
            self.logger.warning("Redis: %s", exc)
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def on_opened(self, spider: scrapy.Spider) -> None:
        """Start looking at the shared queue every WAKE_SECONDS."""
        self.wake = LoopingCall(self.on_wake)
        self.wake.start(WAKE_SECONDS, now=False)

    def on_closed(self, spider: scrapy.Spider, reason: str) -> None:
        """Report the last counts, let an uncollected run's keys expire, close the Redis client."""
        if self.wake is not None and self.wake.running:
            self.wake.stop()
        if self.unstarted:  # stopped while reading start entries: give the rest back
            pipe = self.run_redis.pipeline()
            pipe.lpush(self.keys.start, *reversed(self.unstarted))
            pipe.hincrby(self.keys.held, self.worker_id, -len(self.unstarted))
            pipe.execute()
            self.taken -= len(self.unstarted)
            self.unstarted = []
        self.report()
        if self.read_run_active():  # a collected run's keys already have a shorter lifetime
            pipe = self.run_redis.pipeline()
            for key in self.keys.all():
                pipe.expire(key, RUN_TTL)
            pipe.execute()
        self.run_redis.close()
