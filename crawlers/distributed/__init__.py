"""Marketplace crawls shared over Redis (scrapy-redis) by workers on any machine.

Imports what `crawlers` may (Scrapy, scrapy-redis, redis), never `monitor`, `coverage` or
`infringement`.

Usage, with a Redis server (IPWATCH_REDIS_URL) every machine reaches:

    # on each crawl machine (`ipwatch crawl-worker` runs the same): serve the runs of its sources
    python -m crawlers.distributed.worker --redis redis://host:6379/0 --sources-dir data/sources

    # wherever the crawl is started: publish the run, stream its listings, then the summary
    from crawlers.distributed.coordinator import collect_items, enqueue_crawl
    from crawlers.distributed.keys import make_run_key
    run_key = make_run_key("demo-market")               # ipwatch:run:demo-market:<random id>
    enqueue_crawl(url, Path("data/sources/demo-market.yaml"), ["天目"], run_key)
    for line in collect_items(url, run_key, timeout=3600, idle_seconds=120):
        ...  # a Listing.to_dict() per listing; the last line is {"summary": {...}}

    # or, as one child process with the output of `python -m crawlers.run`:
    python -m crawlers.distributed.coordinator SOURCE.yaml --query TEXT --out items.jsonl

Design:
- A run is `<namespace>:run:<source>:<id>`; all its keys start with it (see `keys.RunKeys`):
  meta, start entries, the scrapy-redis request queue and fingerprint set, the pending counter,
  held (per worker), workers, items, stats, failures and robots. `<namespace>:runs` lists the
  active runs; `<namespace>:worker:<id>` is a worker's heartbeat (expires after 20 s).
- Deduplication is per run (the run's fingerprint set), as in a local crawl: no page is fetched
  twice within a run, by any worker, and the next run reads every listing again to see changes.
- A worker runs one crawler per run it joins (`spider.RunSpider`: MarketplaceSpider +
  scrapy-redis's RedisMixin, Scheduler and RFPDupeFilter), for any run whose source is among the
  source files it loaded (the run's meta names the source; the worker uses its own copy of the
  file, so keep the files alike on every machine). Settings are crawlers.settings.build_settings:
  politeness (delays, concurrency, AutoThrottle) applies per worker, so N workers may load a
  site N times as much. Start entries are the spider's own start requests (robots.txt first);
  robots.txt as read by one worker is shared with the others through the run's `robots` hash.
- Completion: `pending` counts start entries and queued requests. The coordinator sets it to the
  number of start entries; a request adds one before it is pushed to the queue; a worker takes
  one off per entry or request it took, but only once its spider is idle (everything it took is
  handled: new requests queued and counted, listings pushed). So `pending` reaches 0 exactly when
  nothing is left, and every listing is pushed by then. What a worker took and has not reported
  is in the run's `held` hash; what a worker whose heartbeat expired held is lost work: once it is
  all that is pending, the run ends as `worker_lost` instead of waiting for the timeout.
- Items are pushed to the run's `items` list on Scrapy's item_scraped signal (after any item
  pipeline); the collector pops them, so one collector per run.
- A worker stopped with SIGINT/SIGTERM finishes its pages in flight, reports them and gives back
  the start entries it had not started; a worker killed outright (or stopped while its crawler
  was still starting) loses what it held, and the run ends as `worker_lost`.
- A picture shared by listings that different workers handle may be downloaded by each of them
  (it is stored once: the evidence store is content-addressed); pages are never fetched twice.
- Queued requests are pickled by scrapy-redis: the Redis server must be trusted and private.
"""
