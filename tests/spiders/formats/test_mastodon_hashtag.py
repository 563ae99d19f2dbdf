"""mastodon_hashtag against a local Mastodon answering hashtag timelines and statuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.spiders.formats.fake_mastodon import HOST, mastodon
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(mastodon) as srv:
        yield srv


@pytest.fixture(scope="module")
def crawl(server: LocalServer) -> CrawlResult:
    return run_spider(
        "mastodon_hashtag",
        {"instance": server.url, "tags": "tucan,vacio,roto,lento", "statuses": "100,999"},
        {"WILDWATCH_RATELIMIT_MAX_WAIT": 2},
    )


def _texts(crawl: CrawlResult, word: str) -> list[str]:
    return [i["text"] for i in crawl.items if word in i["text"]]


def test_follows_next_links_to_the_empty_last_page(crawl: CrawlResult, server: LocalServer) -> None:
    max_ids = [r.arg("max_id") for r in server.requests if r.path.endswith("/tag/tucan")]
    assert max_ids == ["", "6", "1"]  # 45..6, 5..1, then the empty page ends the tag
    assert len(_texts(crawl, "Tucán")) == 45


def test_spent_rate_limit_waits_for_reset(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/ratelimit/mastodon/waits") == 1


def test_429_is_retried_after_retry_after(crawl: CrawlResult, server: LocalServer) -> None:
    assert server.url_hits["/api/v1/timelines/tag/lento?limit=40"] == 2
    assert _texts(crawl, "Loro lento") == ["Loro lento"]
    assert crawl.stat("wildwatch/retry_after/honoured") == 1


def test_empty_tag_yields_nothing(crawl: CrawlResult, server: LocalServer) -> None:
    assert server.hits["/api/v1/timelines/tag/vacio"] == 1
    assert crawl.stat("wildwatch/parse_errors/mastodon_timeline_shape") == 0


def test_malformed_body_counted_not_fatal(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/parse_errors/malformed_json") == 1
    assert crawl.reason == "finished"


def test_deleted_status_is_counted_and_a_live_one_read(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/fetch_errors/http_404") == 1
    assert "Record not found" in crawl.log
    assert crawl.by_id()[f"https://{HOST}/@exoticos_mx/100"]["text"] == "Sigue disponible"
    assert len(crawl.items) == 45 + 1 + 1  # the tucanes, Loro lento, status 100
