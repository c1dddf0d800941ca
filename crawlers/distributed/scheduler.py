"""The scrapy-redis scheduler and duplicate filter of a run, counting the run's pending requests.

Every request queued for a run adds one to the run's `pending` counter *before* it becomes visible
to other workers; the spider takes one off per request once the request is completely handled
(see `RunSpider.report`). The counter therefore never reaches zero while work is left.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawlers.distributed.keys import RUN_TTL


class RunScheduler(Scheduler):
    """scrapy-redis's shared queue, which also counts what is queued and taken for the run."""

    df: Any  # the duplicate filter, made in `open` unless given

    def open(self, spider: Spider) -> None:
        """Attach the run's queue and fingerprint set (never flushed: other workers use them)."""
        self.spider = spider
        key = self.queue_key % {"spider": spider.name}
        queue_cls = load_object(self.queue_cls)
        self.queue = queue_cls(
            server=self.server, spider=spider, key=key, serializer=self.serializer
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)

    def enqueue_request(self, request: Request) -> bool:
        """Queue a request unless the run is over or it was seen before; count it first."""
        spider: Any = self.spider
        if not spider.run_active:
            return False
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, spider)
            return False
        spider.count_queued()
        self.queue.push(request)
        self.server.expire(self.queue.key, RUN_TTL)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """Take the next request of the run from Redis (none once the run is over)."""
        spider: Any = self.spider
        if not spider.run_active:
            return None
        request: Request | None = self.queue.pop()
        if request is not None:
            spider.count_taken()
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason: str) -> None:
        """Keep the queue: the run's other workers still read it (SCHEDULER_PERSIST regardless)."""


class RunDupeFilter(RFPDupeFilter):
    """scrapy-redis's fingerprint set, one per run, expiring with the run and never cleared."""

    def request_seen(self, request: Request) -> bool:
        """Record the request's fingerprint; True when some worker had recorded it already."""
        pipe = self.server.pipeline()
        pipe.sadd(self.key, self.request_fingerprint(request))
        pipe.expire(self.key, RUN_TTL)
        added, _ = pipe.execute()
        return bool(added == 0)

    def close(self, reason: str = "") -> None:
        """Keep the fingerprints: they belong to the whole run, not to this worker."""
