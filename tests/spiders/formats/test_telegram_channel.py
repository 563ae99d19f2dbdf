"""telegram_channel against a local Telegram web preview: paging, 429, empty and broken channels."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.spiders.formats.fake_telegram import telegram
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(telegram) as srv:
        yield srv


@pytest.fixture(scope="module")
def crawl(server: LocalServer) -> CrawlResult:
    channels = "tienda,vacio,roto,borrado,sin_preview"
    return run_spider("telegram_channel", {"base_url": server.url, "channels": channels})


def _ids(crawl: CrawlResult, channel: str) -> list[int]:
    return sorted(
        int(str(i["platform_id"]).split("/")[1])
        for i in crawl.items
        if str(i["platform_id"]).startswith(f"{channel}/")
    )


def test_older_pages_followed_to_the_last(crawl: CrawlResult, server: LocalServer) -> None:
    assert _ids(crawl, "tienda") == list(range(1, 26))
    assert server.hits["/s/tienda"] == 3  # first page, the 429, the older page


def test_rate_limited_page_is_read_after_retry_after(
    crawl: CrawlResult, server: LocalServer
) -> None:
    assert server.url_hits["/s/tienda?before=6"] == 2
    assert crawl.stat("wildwatch/retry_after/honoured") == 1
    assert crawl.stat("wildwatch/fetch_errors/http_429") == 0


def test_post_fields(crawl: CrawlResult, server: LocalServer) -> None:
    item = crawl.by_id()["tienda/7"]
    assert item["text"] == "Guacamaya #7\nentrega inmediata"
    assert (item["seller_handle"], item["seller_name"]) == ("tienda", "Tienda Exótica")
    assert item["image_urls"] == [f"{server.url}/file/7.jpg"]
    assert item["posted_at"] == "2025-11-07T10:00:00+00:00"


def test_empty_channel_yields_nothing_and_is_no_parse_error(crawl: CrawlResult) -> None:
    assert _ids(crawl, "vacio") == []
    assert crawl.stat("wildwatch/telegram/empty_channels") == 1
    assert crawl.stat("wildwatch/parse_errors/no_messages") == 1  # only sin_preview


def test_page_cut_off_mid_post_keeps_what_arrived(crawl: CrawlResult) -> None:
    assert _ids(crawl, "roto") == [1, 2]
    assert crawl.by_id()["roto/1"]["text"] == "Guacamaya #1\nentrega inmediata"
    assert crawl.by_id()["roto/2"]["text"] == "Guacamaya #2"
    assert crawl.reason == "finished"


def test_deleted_post_is_skipped_not_invented(crawl: CrawlResult) -> None:
    assert _ids(crawl, "borrado") == [1, 3]
