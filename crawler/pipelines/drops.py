"""Dropping an item with a reason that the crawl's stats count (``wildwatch/dropped/<reason>``)."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

DROPPED_PREFIX = "wildwatch/dropped/"


def drop(stats: StatsCollector | None, reason: str, detail: str = "") -> DropItem:
    """Count ``reason`` and return the DropItem to raise (``raise drop(...)``)."""
    if stats is not None:
        stats.inc_value(f"{DROPPED_PREFIX}{reason}")
    message = f"{reason}: {detail}" if detail else reason
    return DropItem(message)
