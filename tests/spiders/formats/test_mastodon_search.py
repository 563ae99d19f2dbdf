"""mastodon_search against a local Mastodon answering the v2 search API as documented."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from spiders.mastodon_search import status_text
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
        "mastodon_search",
        {
            "instances": server.url,
            "queries": "tucan,vacio,roto,boost",
            "access_token": "secret",
            "recheck": f"{server.url}/@exoticos_mx/999,{server.url}/@exoticos_mx/7",
        },
        {"WILDWATCH_RATELIMIT_MAX_WAIT": 2},
    )


def test_pages_by_offset_to_the_last_page(crawl: CrawlResult, server: LocalServer) -> None:
    offsets = sorted(r.arg("offset") for r in server.requests if r.arg("q") == "tucan")
    assert offsets == ["", "40"]
    tucan = [i for i in crawl.items if "Tucán" in i["text"]]
    assert len(tucan) == 45


def test_empty_search_yields_nothing_and_asks_no_further_page(
    crawl: CrawlResult, server: LocalServer
) -> None:
    assert [r.arg("offset") for r in server.requests if r.arg("q") == "vacio"][:1] == [""]
    assert not [r for r in server.requests if r.arg("q") == "vacio" and r.arg("offset")]
    assert len(crawl.items) == 45 + 1 + 2  # tucan, the boost's original, the two rechecks
    assert crawl.stat("wildwatch/parse_errors/malformed_json") == 1  # roto only, not vacio


def test_status_fields(crawl: CrawlResult) -> None:
    item = crawl.by_id()[f"https://{HOST}/@exoticos_mx/1"]
    assert item["text"] == "Tucán pico iris #1\nentrega inmediata"
    assert (item["seller_handle"], item["seller_name"]) == ("exoticos_mx", "Exóticos MX")
    assert item["image_urls"] == [f"https://{HOST}/media/1.jpg"]
    assert (item["language"], item["posted_at"]) == ("es", "2025-11-22T10:00:00+00:00")


def test_boost_is_read_from_its_original(crawl: CrawlResult) -> None:
    item = crawl.by_id()[f"https://{HOST}/@exoticos_mx/501"]
    assert item["text"] == "Vendo colmillos de jaguar"


def test_rate_limit_waits_for_reset(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/ratelimit/mastodon/waits") == 1


def test_malformed_body_counted(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/parse_errors/malformed_json") == 1
    assert crawl.reason == "finished"


def test_recheck_marks_deleted_statuses_removed(crawl: CrawlResult, server: LocalServer) -> None:
    by_url = {i["source_url"]: i for i in crawl.items}
    assert by_url[f"{server.url}/@exoticos_mx/999"]["status"] == "removed"
    assert by_url[f"https://{HOST}/@exoticos_mx/7"]["status"] == "active"


def test_without_token_reads_one_page_and_is_never_refused(server: LocalServer) -> None:
    result = run_spider("mastodon_search", {"instances": server.url, "queries": "tucan,vacio"})
    assert len(result.items) == 40
    assert result.stat("wildwatch/api_errors/mastodon/401") == 0


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Vendo loro</p><p>Precio 500</p>", "Vendo loro\nPrecio 500"),
        ("a<br/>b &amp; c", "a\nb & c"),
        ("", ""),
    ],
)
def test_status_text(html: str, text: str) -> None:
    assert status_text(html) == text
