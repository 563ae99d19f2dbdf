"""Retries that wait: ``Retry-After`` honoured, exponential backoff with jitter otherwise.

Replaces Scrapy's ``RetryMiddleware`` (same ``RETRY_*`` settings, same ``retry/*`` stats).
When a response's status is in ``RETRY_HTTP_CODES`` (429 and 503 above all), the retry
waits for the time the server asked for in ``Retry-After`` (seconds or an HTTP date),
capped at ``WILDWATCH_RETRY_AFTER_MAX``; without the header it waits
``BACKOFF_BASE * 2 ** (attempt - 1)`` seconds (capped at ``BACKOFF_MAX``) times a random
factor in ``1 ± JITTER``. The wait never blocks the reactor: the retry is handed back
after an asynchronous sleep, and the domain's download slot is pushed back by the same
time, so the site gets no other request from us meanwhile (when the slot has a delay,
which is the polite default).

Settings (prefix ``WILDWATCH_RETRY_AFTER_``): ``MAX`` (float, 120), ``BACKOFF_BASE``
(float, 1.0), ``BACKOFF_MAX`` (float, 60), ``JITTER`` (float, 0.5). ``RETRY_ENABLED =
False`` switches it off. Stats: ``wildwatch/retry_after/honoured``, ``.../backoff``,
``.../capped``, ``.../wait_seconds``.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import reactor
from twisted.internet.task import deferLater


def parse_retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, or None when absent or unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, waiting as the server asks (or backing off) before retrying."""

    STATS = "wildwatch/retry_after"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        settings = crawler.settings
        self.max_wait = settings.getfloat("WILDWATCH_RETRY_AFTER_MAX", 120.0)
        self.backoff_base = settings.getfloat("WILDWATCH_RETRY_AFTER_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("WILDWATCH_RETRY_AFTER_BACKOFF_MAX", 60.0)
        self.jitter = settings.getfloat("WILDWATCH_RETRY_AFTER_JITTER", 0.5)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        wait = self.wait_for(response, int(retry.meta.get("retry_times", 1)))
        if wait > 0:
            self._push_back_slot(request, wait)
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry

    def wait_for(self, response: Response, attempt: int) -> float:
        """Seconds to wait before the given retry attempt (1 for the first retry)."""
        stats = self.crawler.stats
        asked = parse_retry_after(response.headers.get(b"Retry-After"))
        if asked is not None:
            stats.inc_value(f"{self.STATS}/honoured")
            wait = asked
        else:
            stats.inc_value(f"{self.STATS}/backoff")
            wait = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
            wait *= random.uniform(1 - self.jitter, 1 + self.jitter)  # noqa: S311
        if wait > self.max_wait:
            stats.inc_value(f"{self.STATS}/capped")
            wait = self.max_wait
        wait = max(0.0, wait)
        total = float(stats.get_value(f"{self.STATS}/wait_seconds", 0.0) or 0.0)
        stats.set_value(f"{self.STATS}/wait_seconds", round(total + wait, 3))
        return wait

    def _push_back_slot(self, request: Request, wait: float) -> None:
        """Hold the domain's other requests too: the slot acts as if it sent one just now."""
        engine = self.crawler.engine
        if engine is None or engine.downloader is None:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay:
            slot.lastseen = max(slot.lastseen, time.monotonic() + wait - slot.delay)
