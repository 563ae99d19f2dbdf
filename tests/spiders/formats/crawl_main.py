"""Run one spider in this process and write its items and final stats as JSON (test helper).

Usage: ``python -m tests.spiders.formats.crawl_main SPIDER KWARGS_JSON SETTINGS_JSON OUT``.
Tests call it in a subprocess because Twisted's reactor cannot restart inside pytest.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def main(spider: str, kwargs: dict[str, Any], overrides: dict[str, Any], out: str) -> None:
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    items: list[dict[str, Any]] = []
    result: dict[str, Any] = {"items": items, "stats": {}}

    def on_item(item: Any) -> None:
        data = asdict(item) if is_dataclass(item) and not isinstance(item, type) else dict(item)
        data["_type"] = type(item).__name__
        items.append(_jsonable(data))

    def on_close(spider: Any, reason: str) -> None:
        result["stats"] = _jsonable(dict(crawler.stats.get_stats()))
        result["reason"] = reason

    crawler.signals.connect(on_item, signal=signals.item_scraped)
    crawler.signals.connect(on_close, signal=signals.spider_closed)
    process.crawl(crawler, **kwargs)
    process.start()
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4])
