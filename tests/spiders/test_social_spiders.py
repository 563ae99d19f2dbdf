"""mastodon_hashtag and telegram_channel against the demo Mastodon instance and Telegram preview."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from demo import Defect, DemoWorld
from demo.content import ALL_TAGS, CHANNELS
from spiders.mastodon_hashtag import MastodonHashtagSpider, next_link
from spiders.telegram_channel import TelegramChannelSpider
from tests.spiders.formats.harness import CrawlResult, run_spider


@pytest.fixture(scope="module")
def mastodon(demo_world: DemoWorld) -> CrawlResult:
    broken = next(p for p in demo_world.posts if p.defect is Defect.MALFORMED_JSON)
    kwargs = {
        "instance": demo_world.urls["mastodon"],
        "tags": ",".join(ALL_TAGS),
        "statuses": f"{broken.post_id},42",
        "max_pages": "100",
    }
    return run_spider("mastodon_hashtag", kwargs)


@pytest.fixture(scope="module")
def telegram(demo_world: DemoWorld) -> CrawlResult:
    kwargs = {
        "base_url": demo_world.urls["telegram"],
        "channels": ",".join(sorted(CHANNELS)) + ",no_such_channel",
        "max_pages": "100",
    }
    return run_spider("telegram_channel", kwargs)


def test_mastodon_every_status_once(demo_world: DemoWorld, mastodon: CrawlResult) -> None:
    urls = [item["canonical_url"] for item in mastodon.items]
    assert sorted(urls) == sorted(demo_world.post_url(p) for p in demo_world.posts_on("mastodon"))
    assert mastodon.stat("wildwatch/mastodon/duplicate_statuses") > 0  # posts carry several tags


def test_mastodon_errors_are_counted_not_fatal(mastodon: CrawlResult) -> None:
    assert mastodon.stat("wildwatch/parse_errors/malformed_json") == 1
    assert mastodon.stat("wildwatch/fetch_errors/http_404") == 1
    assert "Record not found" in mastodon.log
    assert mastodon.reason == "finished"


def test_mastodon_fields(demo_world: DemoWorld, mastodon: CrawlResult) -> None:
    items = {item["canonical_url"]: item for item in mastodon.items}
    for post in demo_world.posts_on("mastodon"):
        item = items[demo_world.post_url(post)]
        assert item["platform"] == "mastodon" and item["platform_id"] == demo_world.post_url(post)
        assert "<" not in item["text"] and item["text"].split()[0] in post.text
        assert all(f"#{tag}" in item["text"] for tag in post.tags)
        assert (item["seller_handle"], item["seller_name"]) == (post.seller_handle, post.seller)
        assert item["language"] == post.language
        assert item["posted_at"][:19] == post.posted_at.isoformat()[:19]
        assert len(item["image_urls"]) == len(post.images)


@pytest.mark.parametrize(("max_pages", "follows"), [(1, False), (2, True)])
def test_mastodon_follows_next_link_up_to_max_pages(
    demo_world: DemoWorld, max_pages: int, follows: bool
) -> None:
    instance = demo_world.urls["mastodon"]
    url = f"{instance}/api/v1/timelines/tag/pets?limit=40"
    with urllib.request.urlopen(url, timeout=10) as resp:
        body, headers = resp.read(), dict(resp.headers)
    spider = MastodonHashtagSpider.from_crawler(
        get_crawler(MastodonHashtagSpider), instance=instance, tags="pets", max_pages=max_pages
    )
    request = Request(url, meta={"wildwatch_page": 1})
    response = TextResponse(url, body=body, headers=headers, request=request)

    async def collect() -> list:
        return [out async for out in spider.parse_timeline(response)]

    out = asyncio.run(collect())
    requests = [r for r in out if isinstance(r, Request)]
    assert len(out) - len(requests) == 40
    assert ["max_id=" in r.url for r in requests] == ([True] if follows else [])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            '<https://m.example/api/v1/timelines/tag/a?max_id=9>; rel="next", <https://m.example/x?min_id=12>; rel="prev"',
            "https://m.example/api/v1/timelines/tag/a?max_id=9",
        ),
        ('<https://m.example/x?min_id=12>; rel="prev"', None),
        ("", None),
    ],
)
def test_next_link(header: str, expected: str | None) -> None:
    assert next_link(header) == expected


def test_telegram_every_post_and_photo_only_ones(
    demo_world: DemoWorld, telegram: CrawlResult
) -> None:
    items = {item["canonical_url"]: item for item in telegram.items}
    posts = demo_world.posts_on("telegram")
    assert set(items) == {demo_world.post_url(p) for p in posts} and len(telegram.items) == len(
        posts
    )
    for post in posts:
        item = items[demo_world.post_url(post)]
        assert item["platform_id"] == f"{post.channel}/{post.post_id}"
        assert item["seller_name"] == post.seller and item["seller_handle"] == post.channel
        assert item["posted_at"] == post.posted_at.isoformat()
        assert len(item["image_urls"]) == len(post.images)
        assert " ".join(item["text"].split()) == post.text
    photo_only = [p for p in posts if p.defect is Defect.PHOTO_ONLY]
    assert photo_only and all(items[demo_world.post_url(p)]["text"] == "" for p in photo_only)


def test_telegram_channel_without_preview_is_counted(telegram: CrawlResult) -> None:
    assert telegram.stat("wildwatch/parse_errors/no_messages") == 1
    assert telegram.reason == "finished"


@pytest.mark.parametrize(("max_pages", "follows"), [(1, False), (2, True)])
def test_telegram_follows_older_pages_up_to_max_pages(
    demo_world: DemoWorld, max_pages: int, follows: bool
) -> None:
    channel = "rare_exotics_trade"
    url = f"{demo_world.urls['telegram']}/s/{channel}"
    with urllib.request.urlopen(url, timeout=10) as resp:
        body = resp.read()
    crawler = get_crawler(TelegramChannelSpider)
    spider = TelegramChannelSpider.from_crawler(
        crawler, channels=channel, base_url=demo_world.urls["telegram"], max_pages=max_pages
    )
    request = Request(url, meta={"wildwatch_channel": channel, "wildwatch_page": 1})
    out = list(spider.parse_channel(HtmlResponse(url, body=body, request=request)))
    requests = [r for r in out if isinstance(r, Request)]
    assert len(out) - len(requests) == 20
    assert [r.url.split("?")[1].startswith("before=") for r in requests] == (
        [True] if follows else []
    )
