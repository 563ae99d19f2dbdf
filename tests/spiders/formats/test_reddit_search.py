"""reddit_search against a local Reddit answering listing JSON as documented."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.spiders.formats.fake_reddit import reddit
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer


@pytest.fixture(scope="module")
def reddit_server() -> Iterator[LocalServer]:
    with LocalServer(reddit) as server:
        yield server


@pytest.fixture(scope="module")
def crawl(reddit_server: LocalServer) -> CrawlResult:
    return run_spider(
        "reddit_search",
        {
            "subreddits": "exoticpets",
            "queries": "macaw,nada,busy,garbled",
            "base_url": reddit_server.url,
        },
        {"WILDWATCH_RATELIMIT_MAX_WAIT": 1},
    )


@pytest.mark.parametrize(
    ("platform_id", "status", "seller", "image"),
    [
        ("t3_a1", "active", "birdman_tx", "https://i.redd.it/a1.jpg?width=1080&s=x"),
        ("t3_a2", "removed", None, None),
        ("t3_a3", "sold", "toyshop", "https://i.redd.it/plush.png"),
        ("t3_a4", "active", "aviary_mx", "https://i.redd.it/m1.jpg"),
        ("t3_b1", "active", "gliders", None),
    ],
)
def test_posts_become_listings(
    crawl: CrawlResult, platform_id: str, status: str, seller: str | None, image: str | None
) -> None:
    item = crawl.by_id()[platform_id]
    assert item["platform"] == "reddit"
    assert item["status"] == status
    assert item["seller_handle"] == seller
    assert item["source_url"].endswith(f"/r/exoticpets/comments/{platform_id[3:]}/post/")
    assert item["posted_at"].startswith("2025-11-23")
    if image:
        assert image in item["image_urls"]


def test_removed_post_keeps_no_placeholder_text(crawl: CrawlResult) -> None:
    assert crawl.by_id()["t3_a2"]["text"] == ""


def test_pages_follow_after_cursor_to_the_last_page(
    crawl: CrawlResult, reddit_server: LocalServer
) -> None:
    macaw = [i for i in crawl.items if i["platform_id"] in {"t3_a1", "t3_a2", "t3_a3", "t3_a4"}]
    assert len(macaw) == 4  # page one has three, the last page (after=null) one
    afters = [r.arg("after") for r in reddit_server.requests if r.arg("q") == "macaw"]
    assert sorted(afters) == ["", "t3_a3"]


def test_exhausted_rate_limit_waits_for_reset(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/ratelimit/reddit/waits") == 1


def test_429_is_retried_then_read(crawl: CrawlResult, reddit_server: LocalServer) -> None:
    busy = [r for r in reddit_server.requests if r.arg("q") == "busy"]
    assert [r.hits for r in busy] == [1, 2]
    assert "t3_b1" in crawl.by_id()
    assert crawl.stat("downloader/response_status_count/429") == 1


def test_malformed_body_is_counted_not_fatal(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/parse_errors/malformed_json") == 1
    assert crawl.reason == "finished"


def test_empty_results_yield_nothing(crawl: CrawlResult) -> None:
    assert len(crawl.items) == 5


def test_newest_listing_reads_every_post(reddit_server: LocalServer) -> None:
    result = run_spider(
        "reddit_search",
        {"subreddits": "exoticpets", "queries": "nada", "new": "1", "base_url": reddit_server.url},
    )
    assert sorted(str(k) for k in result.by_id()) == sorted(
        f"t3_{i}" for i in ("a1", "a2", "a3", "a4", "b1", "b2", "b3")
    )


def test_429_that_stays_is_counted(reddit_server: LocalServer) -> None:
    """A subreddit that always answers 429 ends the crawl cleanly with the failure counted."""
    result = run_spider(
        "reddit_search",
        {"subreddits": "throttled", "queries": "macaw", "base_url": reddit_server.url},
    )
    assert result.items == []
    assert result.reason == "finished"
    assert result.stat("wildwatch/fetch_errors/http_429") == 1
