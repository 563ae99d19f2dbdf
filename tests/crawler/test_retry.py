"""Retries on 429/5xx: Retry-After honoured (seconds or date, capped), backoff otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.middlewares.retry_after import RetryAfterMiddleware, parse_retry_after
from tests.crawler.hygiene_site import HygieneSite, SiteState
from tests.crawler.runner_helpers import run_runner

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (b"7", 7.0),
        ("  12 ", 12.0),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0.0),
        (b"soon", None),
        (b"", None),
        (None, None),
    ],
    ids=["seconds", "spaces", "http-date", "date-in-past", "garbage", "empty", "absent"],
)
def test_parse_retry_after(value: bytes | str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize(
    ("headers", "attempt", "settings", "low", "high", "stat"),
    [
        ({"Retry-After": "3"}, 1, {}, 3.0, 3.0, "honoured"),
        ({"Retry-After": "3600"}, 1, {"WILDWATCH_RETRY_AFTER_MAX": 10}, 10.0, 10.0, "capped"),
        ({}, 1, {"WILDWATCH_RETRY_AFTER_JITTER": 0}, 1.0, 1.0, "backoff"),
        ({}, 4, {"WILDWATCH_RETRY_AFTER_JITTER": 0}, 8.0, 8.0, "backoff"),
        ({}, 3, {}, 2.0, 6.0, "backoff"),  # 4 s +-50 %
        ({}, 12, {"WILDWATCH_RETRY_AFTER_JITTER": 0}, 60.0, 60.0, "backoff"),
    ],
    ids=["header", "header-capped", "first", "fourth", "jitter", "backoff-max"],
)
def test_wait_before_a_retry(
    headers: dict[str, str],
    attempt: int,
    settings: dict[str, float],
    low: float,
    high: float,
    stat: str,
) -> None:
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    response = Response("http://example.org/post/1", status=429, headers=headers)
    wait = middleware.wait_for(response, attempt)
    assert low <= wait <= high
    assert crawler.stats.get_value(f"wildwatch/retry_after/{stat}") == 1


def test_retries_wait_as_asked_without_stalling_other_downloads(tmp_path: Path) -> None:
    state = SiteState(posts=20, latency=0.05)
    state.failures["/post/3"] = [(429, "1"), (503, "1")]
    state.failures["/post/7"] = [(503, None)]
    state.failures["/post/9"] = [(500, None)] * 5  # gives up after RETRY_TIMES
    with HygieneSite(state) as site:
        report, _ = run_runner(
            [("hygiene_site", {"base_url": site.url})],
            tmp_path,
            {"RETRY_TIMES": 2, "WILDWATCH_RETRY_AFTER_JITTER": 0},
        )
    run = report.spiders[0]
    assert run.items_scraped == 19  # every post but the one that kept failing
    assert run.http_errors == {"500": 1}
    tries = state.times["/post/3"]
    assert len(tries) == 3
    assert all(b - a >= 0.95 for a, b in zip(tries, tries[1:], strict=False))
    # Other posts were fetched while /post/3 waited: the reactor was never blocked.
    others = [t for p, ts in state.times.items() if p != "/post/3" for t in ts]
    assert any(tries[0] < t < tries[1] for t in others)
    assert run.stats["wildwatch/retry_after/honoured"] == 2
    assert run.stats["wildwatch/retry_after/backoff"] == 3  # /post/7 once, /post/9 twice
    assert state.hits["/post/9"] == 3
    assert run.retries == 5
