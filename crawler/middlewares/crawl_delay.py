"""Honour ``Crawl-delay`` from robots.txt: the domain's download slot waits at least that long.

Scrapy's ``RobotsTxtMiddleware`` obeys ``Disallow`` but ignores ``Crawl-delay``. This
middleware listens to the ``robots_parsed`` signal, asks the parser (Protego) for the
delay that applies to our user agent, and makes it the floor of that domain's download
slot delay: new slots are born with it (through the downloader's per-slot settings) and
existing slots are raised back to it whenever AutoThrottle lowers them. The slot's random
jitter is switched off so the floor is never undercut.

Settings: ``WILDWATCH_CRAWL_DELAY_ENABLED`` (bool, True), ``WILDWATCH_CRAWL_DELAY_MAX``
(float, 30: a robots.txt asking for more is capped). Needs ``ROBOTSTXT_OBEY``. Stats:
``wildwatch/crawl_delay/domains`` (domains with a delay), ``wildwatch/crawl_delay/capped``.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response


class CrawlDelayMiddleware:
    """Downloader middleware applying robots.txt ``Crawl-delay`` per download slot."""

    STATS = "wildwatch/crawl_delay"

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("robots.txt is not obeyed")
        if not settings.getbool("WILDWATCH_CRAWL_DELAY_ENABLED", True):
            raise NotConfigured("WILDWATCH_CRAWL_DELAY_ENABLED is off")
        self.crawler = crawler
        self.max_delay = settings.getfloat("WILDWATCH_CRAWL_DELAY_MAX", 30.0)
        self.user_agent = str(settings.get("ROBOTSTXT_USER_AGENT") or settings["USER_AGENT"])
        #: Crawl-delay by download slot key.
        self.delays: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        # Connected after AutoThrottle (extensions are built first), so it runs after it.
        crawler.signals.connect(self.enforce_after_download, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request, **_: Any) -> None:
        reader = getattr(robotparser, "crawl_delay", None)
        delay = reader(self.user_agent) if reader is not None else None
        if not delay or delay <= 0:
            return
        if delay > self.max_delay:
            self.crawler.stats.inc_value(f"{self.STATS}/capped")
            delay = self.max_delay
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        if key not in self.delays:
            self.crawler.stats.inc_value(f"{self.STATS}/domains")
        self.delays[key] = float(delay)
        per_slot = downloader.per_slot_settings.setdefault(key, {})
        per_slot["delay"] = max(float(per_slot.get("delay", 0.0)), float(delay))
        per_slot["jitter"] = 0.0
        self._enforce(key)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.delays:
            self._enforce(self.crawler.engine.downloader.get_slot_key(request))

    def enforce_after_download(
        self, response: Response, request: Request, spider: Spider, **_: Any
    ) -> None:
        key = request.meta.get("download_slot")
        if key is not None and self.delays:
            self._enforce(key)

    def _enforce(self, key: str) -> None:
        delay = self.delays.get(key)
        if delay is None:
            return
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            slot.jitter = 0.0
            if slot.delay < delay:
                slot.delay = delay
