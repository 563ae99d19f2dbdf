"""DedupePipeline: the same listing twice in one run is dropped as ``duplicate_in_run``.

Across runs storage deduplicates (same key = same listing; changed content = a new
snapshot), so only this run's keys are kept in memory.

Settings: ``WILDWATCH_DEDUPE_ENABLED`` (bool, True). Drops: ``duplicate_in_run``.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ListingItem
from crawler.pipelines.drops import drop


class DedupePipeline:
    """Drops a ListingItem whose (platform, key) this run has already passed on."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("WILDWATCH_DEDUPE_ENABLED", True):
            raise NotConfigured("WILDWATCH_DEDUPE_ENABLED is off")
        self.stats = crawler.stats
        self.seen: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ListingItem):
            raise drop(self.stats, "not_listing_item", type(item).__name__)
        identity = (item.platform, item.key)
        if identity in self.seen:
            raise drop(self.stats, "duplicate_in_run", f"{item.platform} {item.key}")
        self.seen.add(identity)
        return item
