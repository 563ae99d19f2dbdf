"""sitemap_listings against a local site publishing a sitemap index with plain and gzip url sets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.spiders.formats.fake_sitemaps import sitemaps
from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import LocalServer


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(sitemaps) as srv:
        yield srv


@pytest.fixture(scope="module")
def crawl(server: LocalServer) -> CrawlResult:
    return run_spider(
        "sitemap_listings", {"sitemaps": f"{server.url}/robots.txt", "pattern": r"/aviso/\d+$"}
    )


def _paths(result: CrawlResult) -> dict[str, dict[str, object]]:
    return {str(i["source_url"]).split(":", 2)[2].split("/", 1)[1]: i for i in result.items}


def test_index_plain_and_gzip_url_sets_followed(crawl: CrawlResult, server: LocalServer) -> None:
    assert sorted(_paths(crawl)) == ["aviso/101", "aviso/102", "aviso/201", "aviso/202"]
    assert server.hits["/sitemap-listings-1.xml"] >= 2  # rate limited once, then read


@pytest.mark.parametrize(
    ("path", "title", "price", "status"),
    [
        ("aviso/101", "Tití gris", "350.000", "active"),
        ("aviso/201", "Loro real", "1.200.000", "active"),
        ("aviso/202", "", None, "removed"),
    ],
)
def test_listing_pages_extracted(
    crawl: CrawlResult, path: str, title: str, price: str | None, status: str
) -> None:
    item = _paths(crawl)[path]
    assert (item["title"], item["price_raw"], item["status"]) == (title, price, status)
    if status == "active":
        assert item["currency"] == "COP"


def test_not_a_sitemap_is_counted(crawl: CrawlResult) -> None:
    assert crawl.stat("wildwatch/parse_errors/sitemap_invalid") == 1
    assert crawl.reason == "finished"


def test_since_reads_only_changed_listings(server: LocalServer) -> None:
    result = run_spider(
        "sitemap_listings",
        {"sitemaps": f"{server.url}/sitemap.xml", "pattern": "/aviso/", "since": "2025-11-21"},
    )
    assert sorted(_paths(result)) == ["aviso/201", "aviso/202"]


def test_empty_and_blank_sitemaps_yield_nothing_and_are_counted(server: LocalServer) -> None:
    names = ("sitemap-empty.xml", "sitemap-index-empty.xml", "sitemap-blank.xml")
    result = run_spider(
        "sitemap_listings", {"sitemaps": ",".join(f"{server.url}/{n}" for n in names)}
    )
    assert result.items == []
    assert result.stat("wildwatch/sitemap/empty_sitemaps") == 2
    assert result.stat("wildwatch/parse_errors/sitemap_empty_body") == 1
    assert result.stat("spider_exceptions/count") == 0
    assert result.reason == "finished"
