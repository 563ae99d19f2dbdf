"""What the spiders of JSON APIs share: headers, decoding bodies, counting errors, rate limits.

Reddit (``x-ratelimit-remaining`` / ``x-ratelimit-reset`` in seconds) and Mastodon
(``X-RateLimit-Remaining`` / ``X-RateLimit-Reset`` as an ISO 8601 time) both say how many calls
are left in the window. When fewer than ``WILDWATCH_RATELIMIT_MIN_REMAINING`` are left, the
spider waits until the window resets (at most ``WILDWATCH_RATELIMIT_MAX_WAIT`` seconds) before it
asks for the next page; the wait is an asyncio sleep, so other downloads go on meanwhile.
A 429 itself is retried by the retry middleware; one that stays 429 reaches the errback
(:func:`spiders.parse_errors.fetch_error` counts it as ``wildwatch/fetch_errors/http_429``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.http import Response

logger = logging.getLogger(__name__)

PARSE_ERRORS = "wildwatch/parse_errors"


def count_parse_error(spider: Spider, reason: str, url: str, detail: str = "") -> None:
    """Count a page that could not be parsed (``wildwatch/parse_errors/<reason>``) and log it."""
    if spider.crawler.stats is not None:
        spider.crawler.stats.inc_value(f"{PARSE_ERRORS}/{reason}")
    logger.warning("parse error %s on %s %s", reason, url, detail)


def api_headers(access_token: str | None) -> dict[str, str]:
    """Headers asking for JSON, with ``access_token`` as a Bearer token when given."""
    headers = {"Accept": "application/json"}
    if access_token:
        headers["Authorization"] = f"Bearer {access_token}"
    return headers


def count_api_error(spider: Spider, platform: str, code: object) -> None:
    """Count an error the API answered (``wildwatch/api_errors/<platform>/<code>``)."""
    if spider.crawler.stats is not None:
        spider.crawler.stats.inc_value(f"wildwatch/api_errors/{platform}/{code}")


def load_json(spider: Spider, response: Response) -> Any | None:
    """The decoded JSON body, or ``None`` after counting ``malformed_json``."""
    try:
        return json.loads(response.body)
    except (ValueError, UnicodeDecodeError) as exc:
        count_parse_error(spider, "malformed_json", response.url, str(exc)[:80])
        return None


def reset_seconds(raw: str, now: datetime | None = None) -> float | None:
    """Seconds until the rate-limit window resets: a number of seconds or an ISO 8601 time."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _header(response: Response, name: str) -> str:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else ""


async def respect_rate_limit(spider: Spider, response: Response, platform: str) -> float:
    """Wait for the window to reset when the API says too few calls are left; return the wait."""
    settings = spider.crawler.settings
    raw_remaining = _header(response, "X-RateLimit-Remaining")
    if not raw_remaining:
        return 0.0
    try:
        remaining = float(raw_remaining)
    except ValueError:
        count_parse_error(spider, "ratelimit_header", response.url, raw_remaining)
        return 0.0
    if remaining >= settings.getfloat("WILDWATCH_RATELIMIT_MIN_REMAINING", 1):
        return 0.0
    wait = reset_seconds(_header(response, "X-RateLimit-Reset"))
    if wait is None:
        return 0.0
    wait = min(wait, settings.getfloat("WILDWATCH_RATELIMIT_MAX_WAIT", 120))
    stats = spider.crawler.stats
    if stats is not None:
        stats.inc_value(f"wildwatch/ratelimit/{platform}/waits")
        stats.inc_value(f"wildwatch/ratelimit/{platform}/waited_seconds", int(round(wait)))
    logger.info("%s rate limit nearly used (%s left): waiting %.1f s", platform, remaining, wait)
    await asyncio.sleep(wait)
    return wait
