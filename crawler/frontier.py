"""The shared crawl frontier: scrapy-redis scheduler and dupefilter when a Redis URL is set.

``WILDWATCH_REDIS_URL`` turns it on (docs/architecture.md, Scale): several crawl workers run
the same spider, push the links they find into one Redis queue and fetch each URL once,
whoever finds it first. Keys are ``<prefix>:<run>:<spider>:requests|dupefilter``:

- ``WILDWATCH_FRONTIER_PREFIX`` (str, ``"wildwatch"``): namespace of the keys.
- ``WILDWATCH_FRONTIER_RUN`` (str, today's UTC date): workers sharing a run share a
  frontier; a new run (the next day's crawl) starts from an empty dupefilter, so a
  monitor revisits every page on every run.
- ``WILDWATCH_FRONTIER_IDLE_WAIT`` (float, ``5.0``): seconds a worker with an empty
  queue waits for links pushed by other workers before it closes.
- ``WILDWATCH_FRONTIER_TTL`` (int, ``604800``): seconds the keys live after a worker
  closes, so finished runs clean themselves up.

A worker pulls up to ``CONCURRENT_REQUESTS`` requests from the queue at once and an idle
worker looks at the queue at Scrapy's engine heartbeat (5 s): keep ``CONCURRENT_REQUESTS``
near the per-domain concurrency when several workers crawl one site. A killed worker's
in-flight requests are not put back (scrapy-redis pops without acknowledgement); the
next run of the spider fetches them.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import Settings

SCHEDULER = "scrapy_redis.scheduler.Scheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"


def frontier_keys(prefix: str, run: str) -> tuple[str, str]:
    """The scrapy-redis queue and dupefilter key templates (``%(spider)s`` left in)."""
    base = f"{prefix}:{run}:%(spider)s"
    return f"{base}:requests", f"{base}:dupefilter"


def apply_frontier(settings: Settings, redis_url: str | None) -> bool:
    """Switch ``settings`` to the Redis frontier when ``redis_url`` is set; True if done."""
    if not redis_url:
        return False
    prefix = settings.get("WILDWATCH_FRONTIER_PREFIX") or "wildwatch"
    run = settings.get("WILDWATCH_FRONTIER_RUN") or datetime.now(UTC).strftime("%Y%m%d")
    queue_key, dupefilter_key = frontier_keys(prefix, run)
    settings.setdict(
        {
            "SCHEDULER": SCHEDULER,
            "DUPEFILTER_CLASS": DUPEFILTER,
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_QUEUE_KEY": queue_key,
            "SCHEDULER_DUPEFILTER_KEY": dupefilter_key,
            "REDIS_URL": redis_url,
            "WILDWATCH_FRONTIER_PREFIX": prefix,
            "WILDWATCH_FRONTIER_RUN": run,
        },
        priority="cmdline",
    )
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["crawler.frontier.FrontierIdleExtension"] = 600
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    middlewares = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    middlewares["crawler.frontier.SharedStartMiddleware"] = 10
    settings.set("SPIDER_MIDDLEWARES", middlewares, priority="cmdline")
    return True


def clear_frontier(redis_url: str, prefix: str, run: str) -> int:
    """Delete every key of one frontier run; returns how many keys were deleted."""
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:{run}:*"))
        deleted: Any = client.delete(*keys) if keys else 0
        return int(deleted)
    finally:
        client.close()


class SharedStartMiddleware:
    """Lets the shared dupefilter see start requests, so two workers fetch a start URL once.

    Scrapy marks start requests ``dont_filter``; with one frontier for many workers that
    would make every worker fetch every start URL.
    """

    def __init__(self, crawler: Crawler) -> None:
        if crawler.settings.get("SCHEDULER") != SCHEDULER:
            raise NotConfigured("the Redis frontier is off")
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedStartMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item_or_request in start:
            if isinstance(item_or_request, Request) and item_or_request.dont_filter:
                self.stats.inc_value("wildwatch/frontier/shared_start")
                item_or_request = item_or_request.replace(dont_filter=False)
            yield item_or_request


class FrontierIdleExtension:
    """Keeps an idle worker open a while for links other workers push; expires keys on close."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if settings.get("SCHEDULER") != SCHEDULER:
            raise NotConfigured("the Redis frontier is off")
        self.crawler = crawler
        self.idle_wait = settings.getfloat("WILDWATCH_FRONTIER_IDLE_WAIT", 5.0)
        self.ttl = settings.getint("WILDWATCH_FRONTIER_TTL", 7 * 24 * 3600)
        self.keys = [settings["SCHEDULER_QUEUE_KEY"], settings["SCHEDULER_DUPEFILTER_KEY"]]
        self.redis_url = settings["REDIS_URL"]
        self.idle_since: float | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.busy, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierIdleExtension:
        return cls(crawler)

    def busy(self, **_: Any) -> None:
        self.idle_since = None

    def spider_idle(self, spider: Spider) -> None:
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_wait:
            self.crawler.stats.inc_value("wildwatch/frontier/idle_waits")
            raise DontCloseSpider("waiting for links from other workers")

    def spider_closed(self, spider: Spider) -> None:
        client = redis.Redis.from_url(self.redis_url)
        try:
            for template in self.keys:
                client.expire(template % {"spider": spider.name}, self.ttl)
        finally:
            client.close()
