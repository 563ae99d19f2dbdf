"""feed_entries against local RSS 2.0 and paged Atom feeds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from spiders.feed_entries import html_text
from tests.spiders.formats.fake_feeds import feeds
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(feeds) as srv:
        yield srv


@pytest.fixture(scope="module")
def crawl(server: LocalServer) -> CrawlResult:
    urls = ",".join(f"{server.url}/{p}" for p in ("rss", "atom", "broken", "empty", "busy"))
    return run_spider("feed_entries", {"feeds": urls, "language": "es"})


def test_rss_entries(crawl: CrawlResult, server: LocalServer) -> None:
    items = crawl.by_id()
    first = items["ad-1"]
    assert first["title"] == "Tucán pico iris & jaula"
    assert first["text"] == "Tucán manso\nentrega inmediata"
    assert first["posted_at"] == "2025-11-22T15:15:00+00:00"
    assert first["price_raw"] == "7500 MXN"
    assert first["image_urls"] == ["https://cdn.local/t1.jpg"]
    assert first["source_url"] == f"{server.url}/anuncio/1"
    second = items[f"{server.url}/ad-2"]  # a guid is a permalink unless it says otherwise
    assert second["text"] == "Loro hablador, con papeles.\nSolo interesados."
    assert second["image_urls"] == ["https://cdn.local/l2.jpg"]


def test_atom_pages_followed_to_the_last(crawl: CrawlResult, server: LocalServer) -> None:
    items = crawl.by_id()
    assert items["urn:post:1"]["seller_name"] == "criador1"
    assert items["urn:post:1"]["seller_url"] == f"{server.url}/u/criador1"
    assert items["urn:post:2"]["title"] == "Sagui com nota"
    assert server.hits["/atom"] == 2


def test_rate_limited_feed_is_read_after_retry_after(
    crawl: CrawlResult, server: LocalServer
) -> None:
    assert server.url_hits["/busy"] == 2
    assert crawl.by_id()["urn:post:3"]["title"] == "Arara azul"


def test_broken_and_empty_feeds(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/parse_errors/malformed_feed") == 1
    assert crawl.stat("wildwatch/parse_errors/feed_entry_without_link") == 1
    assert len(crawl.items) == 6
    assert crawl.reason == "finished"


def test_follow_reads_entry_pages_and_marks_gone_ones(server: LocalServer) -> None:
    result = run_spider("feed_entries", {"feeds": f"{server.url}/rss", "follow": "1"})
    items = result.by_id()
    assert items["ad-1"]["whatsapp"] == ["5215512345678"]
    assert "Tucán pico iris muy manso, acostumbrado a la mano" in items["ad-1"]["text"]
    assert items["ad-1"]["price_raw"] == "7500 MXN"
    assert items[f"{server.url}/ad-2"]["text"] == "Loro hablador, con papeles.\nSolo interesados."
    assert items[f"{server.url}/ad-3"]["status"] == "removed"


@pytest.mark.parametrize(
    ("html", "text"),
    [("<p>a</p><p>b</p>", "a\nb"), ("x &amp;   y", "x & y"), ("", "")],
)
def test_html_text(html: str, text: str) -> None:
    assert html_text(html) == text
