"""Log lines for dropped items that name the reason and the URL, not the whole item.

Scrapy's default logs every dropped item in full at WARNING; a crawl of hostile pages then
floods the log with listing text. The drop is already counted by reason in the stats.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class WildwatchLogFormatter(LogFormatter):
    """Dropped items at INFO, as ``dropped <url>: <reason>``."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        url = getattr(item, "source_url", None) or getattr(response, "url", "?")
        return {
            "level": logging.INFO,
            "msg": "dropped %(url)s: %(reason)s",
            "args": {"url": url, "reason": str(exception)},
        }
